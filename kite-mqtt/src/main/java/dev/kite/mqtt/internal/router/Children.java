package dev.kite.mqtt.internal.router;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The literal children of a trie {@link Node}, keyed by filter level. A topic's level is looked up
 * where it stands in the topic string, so matching cuts no substrings out of the topic.
 *
 * <p>Only the router's writer, holding its lock, changes the table; readers take no lock. Each
 * bucket is an immutable chain of entries that a writer replaces whole with a release store, and
 * a resized table is filled before it is published through a volatile field, so a reader finds a
 * child either as it was before a change or as it is after, never half-changed. (The same
 * guarantee {@code ConcurrentHashMap} gave, which this replaces because its keys must be whole
 * strings.)
 *
 * @param <H> the handler type
 */
final class Children<H> {
    private static final VarHandle BUCKET = MethodHandles.arrayElementVarHandle(Entry[].class);
    private static final int MIN_CAPACITY = 2;

    /** One child; {@code hash} is {@code level.hashCode()}, kept to skip most comparisons. */
    private record Entry<H>(String level, int hash, Node<H> node, Entry<H> next) {
    }

    private volatile Entry<H>[] table = newTable(MIN_CAPACITY);
    /** Written and read by the writer only. */
    private int size;

    /** Returns whether there are no children. Writer only. */
    boolean isEmpty() {
        return size == 0;
    }

    /** Returns the child for the level {@code topic[start, end)}, or null. */
    Node<H> get(String topic, int start, int end) {
        int length = end - start;
        // the same hash as String.hashCode() of that level, without making the string
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + topic.charAt(i);
        }
        Entry<H>[] tab = table;
        for (Entry<H> e = bucket(tab, hash); e != null; e = e.next()) {
            if (e.hash() == hash && e.level().length() == length && topic.startsWith(e.level(), start)) {
                return e.node();
            }
        }
        return null;
    }

    /** Returns the child for a literal level, or null. */
    Node<H> get(String level) {
        int hash = level.hashCode();
        for (Entry<H> e = bucket(table, hash); e != null; e = e.next()) {
            if (e.hash() == hash && e.level().equals(level)) {
                return e.node();
            }
        }
        return null;
    }

    /** Adds a child for a level that has none. Writer only. */
    void put(String level, Node<H> node) {
        Entry<H>[] tab = table;
        if (size + 1 > tab.length - (tab.length >>> 2)) {
            tab = resized(tab, tab.length * 2);
            table = tab;
        }
        int hash = level.hashCode();
        int i = index(tab, hash);
        BUCKET.setRelease(tab, i, new Entry<>(level, hash, node, bucket(tab, hash)));
        size++;
    }

    /** Removes the child for a level, if there is one. Writer only. */
    void remove(String level) {
        Entry<H>[] tab = table;
        int hash = level.hashCode();
        Entry<H> head = bucket(tab, hash);
        Entry<H> target = head;
        while (target != null && !(target.hash() == hash && target.level().equals(level))) {
            target = target.next();
        }
        if (target == null) {
            return;
        }
        // the chain is immutable: copy the entries ahead of the target onto the rest behind it
        Entry<H> chain = target.next();
        for (Entry<H> e = head; e != target; e = e.next()) {
            chain = new Entry<>(e.level(), e.hash(), e.node(), chain);
        }
        BUCKET.setRelease(tab, index(tab, hash), chain);
        size--;
        if (tab.length > MIN_CAPACITY && size < tab.length >>> 3) {
            table = resized(tab, tab.length / 2);
        }
    }

    @SuppressWarnings("unchecked")
    private static <H> Entry<H> bucket(Entry<H>[] tab, int hash) {
        return (Entry<H>) BUCKET.getAcquire(tab, index(tab, hash));
    }

    private static int index(Entry<?>[] tab, int hash) {
        return (hash ^ (hash >>> 16)) & (tab.length - 1);
    }

    /** Returns a new table of {@code capacity} buckets holding the entries of {@code tab}. */
    private static <H> Entry<H>[] resized(Entry<H>[] tab, int capacity) {
        Entry<H>[] copy = newTable(capacity);
        // the writer reads its own writes; readers see the copy only once it is full
        for (Entry<H> head : tab) {
            for (Entry<H> e = head; e != null; e = e.next()) {
                int i = index(copy, e.hash());
                copy[i] = new Entry<>(e.level(), e.hash(), e.node(), copy[i]);
            }
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static <H> Entry<H>[] newTable(int capacity) {
        return (Entry<H>[]) new Entry<?>[capacity];
    }
}
