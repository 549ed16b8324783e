package dev.kite.mqtt.internal.packet;

import dev.kite.mqtt.UserProperty;
import dev.kite.mqtt.internal.packet.Property.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The properties of one MQTT 5.0 packet (section 2.2.2), as they are on the wire: a list of
 * identifier and value pairs, in order, repeats included (user properties, and subscription
 * identifiers in PUBLISH). Numbers are {@link Long}, strings {@link String}, binary data
 * {@code byte[]} (never copied: the packet owns it), user properties {@link UserProperty}.
 *
 * <p>Immutable. Packets without properties share {@link #EMPTY}, so a 3.1.1 packet or a plain
 * 5.0 acknowledgement allocates nothing for them. Which identifiers a packet may carry is the
 * codec's business ({@code V5Properties}); the builder checks only that a value fits its type.
 */
public final class Properties {
    /** No properties; shared by every packet that has none. */
    public static final Properties EMPTY = new Properties(new int[0], new Object[0]);

    private final int[] ids;
    private final Object[] values;

    private Properties(int[] ids, Object[] values) {
        this.ids = ids;
        this.values = values;
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns how many properties there are, repeats counted. */
    public int size() {
        return ids.length;
    }

    /** Returns whether there are none; then this is {@link #EMPTY}. */
    public boolean isEmpty() {
        return ids.length == 0;
    }

    /** Returns the identifier of the {@code i}-th property. */
    public int id(int i) {
        return ids[i];
    }

    /** Returns the value of the {@code i}-th property. */
    public Object value(int i) {
        return values[i];
    }

    /**
     * Returns these properties without any of the given identifier, the others in their order;
     * this object itself when there is none.
     */
    public Properties without(int id) {
        if (!has(id)) {
            return this;
        }
        Builder b = builder();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != id) {
                b.add(ids[i], values[i]);
            }
        }
        return b.build();
    }

    /** Returns whether a property is present. */
    public boolean has(int id) {
        return indexOf(id) >= 0;
    }

    /** Returns the first value of a numeric property, or {@code absent} if it is not there. */
    public long number(int id, long absent) {
        int i = indexOf(id);
        return i < 0 ? absent : (Long) values[i];
    }

    /** Returns the first value of a string property, or {@code null}. */
    public String string(int id) {
        int i = indexOf(id);
        return i < 0 ? null : (String) values[i];
    }

    /** Returns the first value of a binary property, or {@code null}; not copied. */
    public byte[] binary(int id) {
        int i = indexOf(id);
        return i < 0 ? null : (byte[]) values[i];
    }

    /** Returns the user properties, in order. */
    public List<UserProperty> userProperties() {
        List<UserProperty> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == Property.USER_PROPERTY) {
                out.add((UserProperty) values[i]);
            }
        }
        return out;
    }

    /** Returns the subscription identifiers, in order. */
    public List<Integer> subscriptionIdentifiers() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == Property.SUBSCRIPTION_IDENTIFIER) {
                out.add(((Long) values[i]).intValue());
            }
        }
        return out;
    }

    private int indexOf(int id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Properties p && Arrays.equals(p.ids, ids) && Arrays.deepEquals(p.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.deepHashCode(values);
    }

    /** Names each property; binary data by its length only, since it may be a credential. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Properties[");
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                s.append(", ");
            }
            s.append(Property.name(ids[i])).append('=');
            Object v = values[i];
            if (v instanceof byte[] b) {
                s.append(b.length).append(" bytes");
            } else if (v instanceof UserProperty u) {
                s.append(u.name()).append(':').append(u.value());
            } else {
                s.append(v);
            }
        }
        return s.append(']').toString();
    }

    /** Collects properties in order. Not thread-safe. */
    public static final class Builder {
        private int[] ids = new int[4];
        private Object[] values = new Object[4];
        private int size;

        private Builder() {
        }

        /**
         * Adds a numeric property.
         *
         * @throws IllegalArgumentException if {@code id} is not numeric or the value does not fit its type
         */
        public Builder number(int id, long value) {
            Kind kind = kindOf(id);
            long max = switch (kind) {
                case BYTE -> 0xFF;
                case TWO -> 0xFFFF;
                case FOUR -> 0xFFFF_FFFFL;
                case VARINT -> 268_435_455;
                default -> throw new IllegalArgumentException(Property.name(id) + " is a " + kind + ", not a number");
            };
            if (value < 0 || value > max) {
                throw new IllegalArgumentException(Property.name(id) + ": " + value + " does not fit a "
                        + kind + " (0 to " + max + ", section 1.5)");
            }
            return add(id, value);
        }

        /**
         * Adds a string property.
         *
         * @throws IllegalArgumentException if {@code id} is not a string property
         * @throws NullPointerException if {@code value} is null
         */
        public Builder string(int id, String value) {
            return add(expect(id, Kind.STRING), Objects.requireNonNull(value, Property.name(id)));
        }

        /**
         * Adds a binary property; the array is kept, not copied.
         *
         * @throws IllegalArgumentException if {@code id} is not a binary property
         * @throws NullPointerException if {@code value} is null
         */
        public Builder binary(int id, byte[] value) {
            return add(expect(id, Kind.BINARY), Objects.requireNonNull(value, Property.name(id)));
        }

        /** Adds a user property after those already added. */
        public Builder userProperty(UserProperty p) {
            return add(Property.USER_PROPERTY, Objects.requireNonNull(p, "user property"));
        }

        /** Adds a user property after those already added. */
        public Builder userProperty(String name, String value) {
            return userProperty(new UserProperty(name, value));
        }

        /** Adds every user property of a list, in order. */
        public Builder userProperties(List<UserProperty> list) {
            for (UserProperty p : list) {
                userProperty(p);
            }
            return this;
        }

        /** Returns whether nothing was added. */
        public boolean isEmpty() {
            return size == 0;
        }

        /** Returns the properties; {@link #EMPTY} if none were added. */
        public Properties build() {
            return size == 0 ? EMPTY : new Properties(Arrays.copyOf(ids, size), Arrays.copyOf(values, size));
        }

        private Builder add(int id, Object value) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            ids[size] = id;
            values[size++] = value;
            return this;
        }

        private static int expect(int id, Kind kind) {
            if (kindOf(id) != kind) {
                throw new IllegalArgumentException(Property.name(id) + " is a " + kindOf(id) + ", not a " + kind);
            }
            return id;
        }

        private static Kind kindOf(int id) {
            if (!Property.isDefined(id)) {
                throw new IllegalArgumentException(Property.name(id) + " is not defined (section 2.2.2.2)");
            }
            return Property.kind(id);
        }
    }
}
