package dev.kite.mqtt.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The tests' SLF4J binding (registered in META-INF/services, found before slf4j-simple's since
 * test classes come first on the class path): it writes through slf4j-simple as before, so
 * {@link Logs#stderrOf} sees the same text, and while a {@link Capture} is open it also records
 * every event of Kite's loggers from DEBUG up, with the MDC it was logged with, whatever level
 * slf4j-simple prints.
 */
public final class CapturingLogs implements SLF4JServiceProvider {
    /** One logged event. */
    public record Event(Level level, String logger, String thread, String message, Map<String, String> mdc) {
        /** Returns the MDC value of {@code key}, or null. */
        public String mdc(String key) {
            return mdc.get(key);
        }
    }

    private static final ConcurrentLinkedQueue<Event> EVENTS = new ConcurrentLinkedQueue<>();
    private static volatile boolean capturing;

    private final SimpleServiceProvider simple = new SimpleServiceProvider();
    private final MDCAdapter mdc = new BasicMDCAdapter();
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private ILoggerFactory factory;

    /** Starts recording; one capture at a time. */
    public static Capture start() {
        EVENTS.clear();
        capturing = true;
        return new Capture();
    }

    /** An open recording of Kite's log events. */
    public static final class Capture implements AutoCloseable {
        /** Returns the events recorded so far, in order. */
        public List<Event> events() {
            return List.copyOf(EVENTS);
        }

        @Override
        public void close() {
            capturing = false;
        }
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return simple.getMarkerFactory();
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return simple.getRequestedApiVersion();
    }

    @Override
    public void initialize() {
        simple.initialize();
        ILoggerFactory printing = simple.getLoggerFactory();
        factory = name -> loggers.computeIfAbsent(name, n -> new Recording(n, printing.getLogger(n)));
    }

    /** Prints through slf4j-simple's logger, and records Kite's events while capturing. */
    private static final class Recording extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient Logger printing;
        private final boolean kite;

        Recording(String name, Logger printing) {
            this.name = name;
            this.printing = printing;
            this.kite = name.startsWith("dev.kite.mqtt.") && !name.startsWith("dev.kite.mqtt.testing.");
        }

        private boolean recording() {
            return capturing && kite;
        }

        @Override
        public boolean isTraceEnabled() {
            return printing.isTraceEnabled();
        }

        @Override
        public boolean isDebugEnabled() {
            return recording() || printing.isDebugEnabled();
        }

        @Override
        public boolean isInfoEnabled() {
            return recording() || printing.isInfoEnabled();
        }

        @Override
        public boolean isWarnEnabled() {
            return recording() || printing.isWarnEnabled();
        }

        @Override
        public boolean isErrorEnabled() {
            return recording() || printing.isErrorEnabled();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                                   Throwable t) {
            String message = MessageFormatter.basicArrayFormat(pattern, args);
            if (recording() && level != Level.TRACE) {
                Map<String, String> context = MDC.getCopyOfContextMap();
                EVENTS.add(new Event(level, name, Thread.currentThread().getName(), message,
                        context == null ? Map.of() : Map.copyOf(context)));
            }
            switch (level) {
                case TRACE -> print(printing.isTraceEnabled(), () -> printing.trace(message, t));
                case DEBUG -> print(printing.isDebugEnabled(), () -> printing.debug(message, t));
                case INFO -> print(printing.isInfoEnabled(), () -> printing.info(message, t));
                case WARN -> print(printing.isWarnEnabled(), () -> printing.warn(message, t));
                case ERROR -> print(printing.isErrorEnabled(), () -> printing.error(message, t));
            }
        }

        private static void print(boolean enabled, Runnable write) {
            if (enabled) {
                write.run();
            }
        }
    }
}
