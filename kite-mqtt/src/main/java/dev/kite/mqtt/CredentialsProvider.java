package dev.kite.mqtt;

/**
 * Supplies the user name and password at every connect attempt, so credentials that expire
 * (tokens) can be renewed.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface CredentialsProvider {
    /**
     * Returns the credentials for the next attempt.
     *
     * @return the credentials; {@code null} for none
     */
    Credentials credentials();

    /**
     * A user name and a password. {@link #toString()} never shows the password.
     *
     * @param username the user name, or {@code null}
     * @param password the password bytes, or {@code null}
     */
    record Credentials(String username, byte[] password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=" + (password == null ? "none" : "****") + "]";
        }
    }
}
