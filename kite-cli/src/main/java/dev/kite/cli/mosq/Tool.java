package dev.kite.cli.mosq;

/** Which of the two tools is running: they share most flags, and some belong to one only. */
enum Tool {
    PUB("kite pub"),
    SUB("kite sub");

    final String command;

    Tool(String command) {
        this.command = command;
    }
}
