package dev.kite.mqtt.internal.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import dev.kite.mqtt.TopicFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {

    /** A handler that is only ever equal to itself, named for readable failures. */
    private record Handler(String name) {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Router<Handler> router = new Router<>();

    private Handler add(String filter) {
        Handler h = new Handler(filter);
        router.add(TopicFilter.parse(filter), h);
        return h;
    }

    /** MQTT 3.1.1 section 4.7 examples, through the router, each filter alone. */
    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "sport/tennis/player1/#  | sport/tennis/player1                 | true",
        "sport/tennis/player1/#  | sport/tennis/player1/ranking         | true",
        "sport/tennis/player1/#  | sport/tennis/player1/score/wimbledon | true",
        "sport/tennis/player1/#  | sport/tennis                         | false",
        "sport/#                 | sport                                | true",
        "sport/#                 | sport/                               | true",
        "#                       | sport/tennis/player1                 | true",
        "a/#                     | a                                    | true",
        "a/+/#                   | a/b                                  | true",
        "a/+/#                   | a                                    | false",
        "sport/tennis/+          | sport/tennis/player1                 | true",
        "sport/tennis/+          | sport/tennis/player1/ranking         | false",
        "sport/+                 | sport                                | false",
        "sport/+                 | sport/                               | true",
        "+                       | sport                                | true",
        "+                       | /finance                             | false",
        "+/+                     | /finance                             | true",
        "/+                      | /finance                             | true",
        "/+                      | finance                              | false",
        "sport/tennis            | sport/tennis/                        | false",
        "a//b                    | a//b                                 | true",
        "a//b                    | a/b                                  | false",
        "a/+/b                   | a//b                                 | true",
        "#                       | $SYS/x                               | false",
        "+/monitor/Clients       | $SYS/monitor/Clients                 | false",
        "+                       | $SYS                                 | false",
        "$SYS/#                  | $SYS/x                               | true",
        "$SYS/#                  | $SYS                                 | true",
        "$SYS/monitor/+          | $SYS/monitor/Clients                 | true",
        "a/#                     | a/$SYS                               | true",
        "$share/g/a/b            | a/b                                  | true",
        "$share/g/a/b            | $share/g/a/b                         | false",
        "$share/g/#              | $SYS/x                               | false",
    })
    void specMatchingTable(String filter, String topic, boolean expected) {
        Handler h = add(filter);
        assertThat(router.match(topic)).isEqualTo(expected ? List.of(h) : List.of());
        assertThat(TopicFilter.parse(filter).matches(topic)).isEqualTo(expected);
    }

    @Test
    void overlappingFiltersEachMatchOnceInInsertionOrder() {
        Handler exact = add("sport/tennis/player1");
        Handler hash = add("#");
        Handler plus = add("sport/+/player1");
        Handler deep = add("sport/tennis/player1/#");
        Handler other = add("sport/golf/#");
        Handler sportHash = add("sport/#");

        assertThat(router.match("sport/tennis/player1")).containsExactly(exact, hash, plus, deep, sportHash);
        assertThat(router.match("sport/golf")).containsExactly(hash, other, sportHash);
        assertThat(router.match("news")).containsExactly(hash);
        assertThat(router.size()).isEqualTo(6);
    }

    @Test
    void oneHandlerUnderSeveralMatchingFiltersIsReturnedOnce() {
        Handler first = add("a/b");
        Handler shared = new Handler("shared");
        router.add(TopicFilter.parse("a/#"), shared);
        router.add(TopicFilter.parse("+/b"), shared);
        Handler last = add("a/+");

        assertThat(router.match("a/b")).containsExactly(first, shared, last);
        assertThat(router.size()).isEqualTo(4);
    }

    @Test
    void addingTheSameFilterReplacesItsHandlerAndKeepsItsPlace() {
        add("a/#");
        Handler second = add("a/b");
        Handler third = add("a/+");
        Handler replacement = new Handler("replacement");
        router.add(TopicFilter.parse("a/#"), replacement);

        assertThat(router.size()).isEqualTo(3);
        assertThat(router.match("a/b")).containsExactly(replacement, second, third);
        assertThat(router.match("a")).containsExactly(replacement);
    }

    @Test
    void removeStopsMatchingAndPrunesEmptyNodes() {
        Handler deep = add("a/b/c/d");
        Handler shallow = add("a/#");
        assertThat(router.remove("a/b/c/d")).isTrue();

        assertThat(router.match("a/b/c/d")).containsExactly(shallow);
        assertThat(router.size()).isEqualTo(1);
        assertThat(router.remove("a/b/c/d")).isFalse();
        assertThat(router.remove("a/b")).isFalse();
        assertThat(router.remove("not a / valid # filter")).isFalse();
        assertThat(router.remove("a/#")).isTrue();
        assertThat(router.isEmpty()).isTrue();
        assertThat(router.match("a/b/c/d")).isEmpty();
        assertThat(deep).isNotSameAs(shallow);
    }

    @Test
    void removedThenAddedFilterGoesToTheEnd() {
        Handler first = add("a/+");
        Handler second = add("a/b");
        router.remove("a/+");
        Handler again = add("a/+");

        assertThat(router.match("a/b")).containsExactly(second, again).doesNotContain(first);
    }

    @Test
    void removingOneRouteKeepsItsSiblingsAndDescendants() {
        Handler parent = add("a/b");
        Handler child = add("a/b/c");
        Handler plus = add("a/+/c");
        Handler hash = add("a/b/#");
        router.remove("a/b");

        assertThat(router.match("a/b")).containsExactly(hash);
        assertThat(router.match("a/b/c")).containsExactly(child, plus, hash);
        router.remove("a/b/#");
        router.remove("a/b/c");
        assertThat(router.match("a/b/c")).containsExactly(plus);
        assertThat(router.match("a/b")).isEmpty();
        assertThat(parent).isNotNull();
    }

    @Test
    void sharedSubscriptionsAreKeyedByFullFilterAndMatchedByTheRest() {
        Handler plain = add("a/b");
        Handler g1 = add("$share/g1/a/b");
        Handler g2 = add("$share/g2/a/b");
        Handler g1wild = add("$share/g1/a/+");
        Handler queue = add("$queue/a/b");

        assertThat(router.size()).isEqualTo(5);
        assertThat(router.match("a/b")).containsExactly(plain, g1, g2, g1wild, queue);
        assertThat(router.match("$share/g1/a/b")).isEmpty();

        Handler g1again = new Handler("g1again");
        router.add(TopicFilter.parse("$share/g1/a/b"), g1again);
        assertThat(router.match("a/b")).containsExactly(plain, g1again, g2, g1wild, queue);

        assertThat(router.remove("$share/g2/a/b")).isTrue();
        assertThat(router.remove("a/b")).isTrue();
        assertThat(router.match("a/b")).containsExactly(g1again, g1wild, queue);
        assertThat(router.remove("$share/g3/a/b")).isFalse();
    }

    @Test
    void dollarTopicsAreNotMatchedByLeadingWildcards() {
        add("#");
        add("+/x");
        add("+");
        Handler sys = add("$SYS/#");
        Handler sysPlus = add("$SYS/+");
        Handler shareHash = add("$share/g/#");
        Handler deepHash = add("$SYS/x/#");

        // [MQTT-4.7.2-1]
        assertThat(router.match("$SYS/x")).containsExactly(sys, sysPlus, deepHash);
        assertThat(router.match("$SYS")).containsExactly(sys);
        assertThat(router.match("$other")).isEmpty();
        assertThat(router.match("x/$SYS")).hasSize(2).contains(shareHash);
    }

    @Test
    void emptyLevelsAreLevels() {
        Handler slash = add("/");
        Handler twoEmpty = add("+/+");
        Handler empty = add("a//b");
        Handler plusMiddle = add("a/+/b");

        assertThat(router.match("/")).containsExactly(slash, twoEmpty);
        assertThat(router.match("a//b")).containsExactly(empty, plusMiddle);
        assertThat(router.match("a/b")).containsExactly(twoEmpty);
        assertThat(router.match("a///b")).isEmpty();
    }

    @Test
    void matchedListsAreUnmodifiable() {
        Handler exact = add("a/b");
        Handler plus = add("a/+");
        Handler other = new Handler("other");

        for (String topic : List.of("x", "a/c", "a/b")) {
            List<Handler> got = router.match(topic);
            assertThatThrownBy(() -> got.add(other)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> got.remove(0)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(got::clear).isInstanceOf(UnsupportedOperationException.class);
        }
        List<Handler> single = router.match("a/c");
        assertThatThrownBy(() -> single.set(0, other)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(router.match("a/c")).containsExactly(plus);
        assertThat(router.match("a/b")).containsExactly(exact, plus);
    }

    @Test
    void aLoneMatchIsTheRoutesOwnListUntilItsHandlerIsReplaced() {
        Handler first = add("a/+");
        List<Handler> once = router.match("a/b");
        assertThat(router.match("a/c")).isSameAs(once).containsExactly(first);

        Handler second = new Handler("second");
        router.add(TopicFilter.parse("a/+"), second);
        assertThat(router.match("a/b")).containsExactly(second);
        assertThat(once).containsExactly(first);
    }

    @Test
    void severalMatchesOfOneHandlerAreOneMatch() {
        Handler shared = new Handler("shared");
        router.add(TopicFilter.parse("a/b"), shared);
        router.add(TopicFilter.parse("a/#"), shared);
        router.add(TopicFilter.parse("$share/g/a/b"), shared);

        assertThat(router.match("a/b")).containsExactly(shared);
    }

    @Test
    void levelsWithTheSameHashCodeAreTold() {
        // "Aa" and "BB" have the same String.hashCode(), and so have their concatenations
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        List<String> levels = List.of("Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB");
        Map<String, Handler> handlers = new LinkedHashMap<>();
        for (String level : levels) {
            handlers.put(level, add("x/" + level + "/y"));
        }
        for (String level : levels) {
            assertThat(router.match("x/" + level + "/y")).containsExactly(handlers.get(level));
        }
        assertThat(router.remove("x/AaBB/y")).isTrue();
        assertThat(router.remove("x/Aa/y")).isTrue();
        assertThat(router.match("x/AaBB/y")).isEmpty();
        assertThat(router.match("x/Aa/y")).isEmpty();
        assertThat(router.match("x/BB/y")).containsExactly(handlers.get("BB"));
        assertThat(router.match("x/BBAa/y")).containsExactly(handlers.get("BBAa"));
        assertThat(router.match("x/BBAa")).isEmpty();
        assertThat(router.match("x/B")).isEmpty();
    }

    @Test
    void levelsBeyondAsciiAreMatchedByTheirCharacters() {
        Handler accent = add("capteur/température");
        Handler emoji = add("\uD83C\uDF21/+");
        Handler cjk = add("温度/#");

        assertThat(router.match("capteur/température")).containsExactly(accent);
        assertThat(router.match("capteur/temperature")).isEmpty();
        assertThat(router.match("\uD83C\uDF21/x")).containsExactly(emoji);
        assertThat(router.match("\uD83C\uDF22/x")).isEmpty();
        assertThat(router.match("温度/a/b")).containsExactly(cjk);
    }

    @Test
    void manySiblingsAddedAndRemovedLeaveTheRestMatching() {
        int n = 5000;
        Handler[] handlers = new Handler[n];
        for (int i = 0; i < n; i++) {
            handlers[i] = add("dev/" + i);
        }
        // removing most of them shrinks the table under the survivors
        for (int i = 0; i < n; i++) {
            if (i % 100 != 0) {
                assertThat(router.remove("dev/" + i)).isTrue();
            }
        }
        for (int i = 0; i < n; i++) {
            assertThat(router.match("dev/" + i)).isEqualTo(i % 100 == 0 ? List.of(handlers[i]) : List.of());
        }
        assertThat(router.size()).isEqualTo(n / 100);
    }

    /** Matches a copy of the topic, as a client decodes each received topic anew. */
    private List<Handler> matchCopy(String topic) {
        return router.match(new String(topic));
    }

    @Test
    void aRepeatedTopicSeesFiltersAddedAfterIt() {
        Handler plus = add("a/+");
        for (int i = 0; i < 3; i++) {
            assertThat(matchCopy("a/b")).containsExactly(plus);
        }
        Handler exact = add("a/b");
        assertThat(matchCopy("a/b")).containsExactly(plus, exact);
        assertThat(matchCopy("a/b")).containsExactly(plus, exact);
        Handler other = add("x/y");
        assertThat(matchCopy("a/b")).containsExactly(plus, exact).doesNotContain(other);
    }

    @Test
    void aRepeatedTopicStopsMatchingRemovedFilters() {
        Handler plus = add("a/+");
        Handler exact = add("a/b");
        for (int i = 0; i < 3; i++) {
            assertThat(matchCopy("a/b")).containsExactly(plus, exact);
        }
        assertThat(router.remove("a/b")).isTrue();
        assertThat(matchCopy("a/b")).containsExactly(plus);
        assertThat(matchCopy("a/b")).containsExactly(plus);
        assertThat(router.remove("a/+")).isTrue();
        assertThat(matchCopy("a/b")).isEmpty();
        assertThat(router.remove("nothing")).isFalse();
        assertThat(matchCopy("a/b")).isEmpty();
    }

    @Test
    void aRepeatedTopicSeesAReplacedHandler() {
        Handler first = add("a/b");
        for (int i = 0; i < 3; i++) {
            assertThat(matchCopy("a/b")).containsExactly(first);
        }
        Handler second = new Handler("second");
        router.add(TopicFilter.parse("a/b"), second);
        assertThat(matchCopy("a/b")).containsExactly(second);
        assertThat(matchCopy("a/b")).containsExactly(second);
    }

    @Test
    void aRepeatedTopicDoesNotAnswerForAnother() {
        Handler b = add("a/b");
        Handler c = add("a/c");
        Handler hash = add("$SYS/#");
        for (int i = 0; i < 3; i++) {
            assertThat(matchCopy("a/b")).containsExactly(b);
        }
        assertThat(matchCopy("a/c")).containsExactly(c);
        assertThat(matchCopy("a/b")).containsExactly(b);
        assertThat(matchCopy("a/bb")).isEmpty();
        assertThat(matchCopy("a/b/")).isEmpty();
        assertThat(matchCopy("$SYS/a/b")).containsExactly(hash);
        assertThat(matchCopy("a/b")).containsExactly(b);
    }

    @Test
    void emptyRouter() {
        assertThat(router.isEmpty()).isTrue();
        assertThat(router.size()).isZero();
        assertThat(router.match("a")).isEmpty();
        assertThat(router.remove("a")).isFalse();
    }

    @Test
    void matchesLikeBruteForceOverRandomFiltersAndTopics() {
        Random random = new Random(20240601L);
        Map<String, Handler> expected = new LinkedHashMap<>();
        for (int i = 0; i < 4000; i++) {
            String filter = randomFilter(random);
            Handler h = new Handler(filter + "#" + i);
            router.add(TopicFilter.parse(filter), h);
            // like the router, a LinkedHashMap keeps a replaced key in its first place
            expected.put(filter, h);
        }
        List<String> topics = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            topics.add(randomTopic(random));
        }
        assertMatchesBruteForce(expected, topics);

        List<String> keys = new ArrayList<>(expected.keySet());
        for (String filter : keys) {
            if (random.nextInt(3) == 0) {
                assertThat(router.remove(filter)).isTrue();
                expected.remove(filter);
            }
        }
        assertMatchesBruteForce(expected, topics);

        for (String filter : keys) {
            router.remove(filter);
        }
        assertThat(router.isEmpty()).isTrue();
    }

    private void assertMatchesBruteForce(Map<String, Handler> expected, List<String> topics) {
        assertThat(router.size()).isEqualTo(expected.size());
        Map<TopicFilter, Handler> parsed = new LinkedHashMap<>();
        expected.forEach((filter, h) -> parsed.put(TopicFilter.parse(filter), h));
        int nonEmpty = 0;
        for (String topic : topics) {
            List<Handler> want = new ArrayList<>();
            parsed.forEach((filter, h) -> {
                if (filter.matches(topic)) {
                    want.add(h);
                }
            });
            assertThat(router.match(topic)).as("topic '%s'", topic).isEqualTo(want);
            nonEmpty += want.isEmpty() ? 0 : 1;
        }
        // the generator must exercise matching, not only misses
        assertThat(nonEmpty).isGreaterThan(topics.size() / 4);
    }

    private static final String[] FILTER_LEVELS = {"a", "b", "c", "", "$SYS", "+", "+", "#"};
    private static final String[] TOPIC_LEVELS = {"a", "b", "c", "", "$SYS", "d"};

    private static String randomFilter(Random random) {
        StringBuilder sb = new StringBuilder();
        int r = random.nextInt(10);
        if (r == 0) {
            sb.append("$share/g").append(random.nextInt(3)).append('/');
        } else if (r == 1) {
            sb.append("$queue/");
        }
        int depth = 1 + random.nextInt(5);
        for (int i = 0; i < depth; i++) {
            String level = FILTER_LEVELS[random.nextInt(FILTER_LEVELS.length)];
            if (level.equals("#") && i < depth - 1) {
                level = "+";
            }
            if (level.isEmpty() && depth == 1) {
                // a filter is never empty [MQTT-4.7.3-1]
                level = "/";
            }
            sb.append(i > 0 ? "/" : "").append(level);
        }
        return sb.toString();
    }

    private static String randomTopic(Random random) {
        StringBuilder sb = new StringBuilder();
        int depth = 1 + random.nextInt(5);
        for (int i = 0; i < depth; i++) {
            sb.append(i > 0 ? "/" : "").append(TOPIC_LEVELS[random.nextInt(TOPIC_LEVELS.length)]);
        }
        return sb.toString();
    }

    @Test
    void tenThousandFiltersMatchWithoutScanningThemAll() {
        Handler[] handlers = new Handler[10_000];
        for (int i = 0; i < handlers.length; i++) {
            handlers[i] = add("dev/" + i + "/temp");
        }
        Handler all = add("dev/+/temp");
        // a scan of all 10,001 filters per match would be a billion comparisons
        assertTimeout(Duration.ofSeconds(5), () -> {
            for (int n = 0; n < 100_000; n++) {
                int i = n % handlers.length;
                assertThat(router.match("dev/" + i + "/temp")).containsExactly(handlers[i], all);
            }
        });
    }

    @Test
    void matchingWhileAnotherThreadAddsAndRemoves() throws InterruptedException {
        Handler stableHash = add("a/#");
        Handler stablePlus = add("+/b/+");
        Handler stableExact = add("a/b/c");
        Handler replacement = new Handler("replacement");
        Handler x = new Handler("x");
        Handler y = new Handler("y");
        Handler miss = new Handler("miss");

        CountDownLatch readerStarted = new CountDownLatch(1);
        CountDownLatch readerDone = new CountDownLatch(1);
        CountDownLatch writerDone = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger matches = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        Thread reader = new Thread(() -> {
            try {
                do {
                    List<Handler> got = router.match("a/b/c");
                    // stable routes were added first, so they always lead, once each and in order;
                    // the replaced handler of "a/b/c" keeps its place and is the old or the new one
                    assertThat(got.subList(0, 2)).containsExactly(stableHash, stablePlus);
                    assertThat(got.get(2)).isIn(stableExact, replacement);
                    // the routes being added and removed appear at most once each; each
                    // route is seen whole, but two changes in one match need not be (see Router)
                    assertThat(got.subList(3, got.size())).doesNotHaveDuplicates().isSubsetOf(x, y);
                    matches.incrementAndGet();
                    readerStarted.countDown();
                } while (writing.get());
            } catch (Throwable t) {
                failures.add(t);
                readerStarted.countDown();
            } finally {
                readerDone.countDown();
            }
        }, "router-test-reader");
        Thread writer = new Thread(() -> {
            try {
                assertThat(readerStarted.await(10, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 20_000; i++) {
                    router.add(TopicFilter.parse("a/b/#"), x);
                    router.add(TopicFilter.parse("$share/g/+/+/c"), y);
                    router.add(TopicFilter.parse("x/" + (i % 50) + "/#"), miss);
                    router.add(TopicFilter.parse("a/b/c"), i % 2 == 0 ? replacement : stableExact);
                    router.remove("a/b/#");
                    router.remove("$share/g/+/+/c");
                    router.remove("x/" + ((i + 25) % 50) + "/#");
                }
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                writing.set(false);
                writerDone.countDown();
            }
        }, "router-test-writer");
        reader.start();
        writer.start();

        assertThat(writerDone.await(30, TimeUnit.SECONDS)).as("writer finished").isTrue();
        assertThat(readerDone.await(30, TimeUnit.SECONDS)).as("reader finished").isTrue();
        assertThat(failures).isEmpty();
        assertThat(matches.get()).isPositive();
        for (int i = 0; i < 50; i++) {
            router.remove("x/" + i + "/#");
        }
        assertThat(router.size()).isEqualTo(3);
        // the last iteration (odd) put the original handler back
        assertThat(router.match("a/b/c")).containsExactly(stableHash, stablePlus, stableExact);
    }
}
