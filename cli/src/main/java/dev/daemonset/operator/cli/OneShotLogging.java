package dev.daemonset.operator.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * logback.xml's configuration, built in code for the one-shot commands (every command but {@code run}): reading
 * the XML loads an XML parser and some 400 more classes, a tenth of the start-up of a command such as explain.
 * logback finds this class through its service file and asks it first; for {@code run}, whose log format can be
 * switched to JSON by reloading an XML file, and in tests, it declines and logback.xml is read as before. Keep
 * the loggers in step with logback.xml.
 */
public final class OneShotLogging extends ContextAwareBase implements Configurator {
    private static final String PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} %X{daemonset} - %msg%n";

    /** Set by main before anything logs, so before logback configures itself. */
    private static volatile boolean enabled;

    static void enable() {
        enabled = true;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (!enabled) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        FirstEventConsole console = new FirstEventConsole();
        console.setContext(context);
        console.setName("CONSOLE");
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
        context.getLogger("dev.daemonset").setLevel(level(System.getenv("DDS_LOG_LEVEL")));
        context.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils")
                .setLevel(Level.ERROR);
        context.getLogger("io.fabric8.kubernetes.client.informers.impl.cache.Reflector")
                .setLevel(Level.ERROR);
        context.getLogger("io.netty.util.concurrent.DefaultPromise.rejectedExecution")
                .setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * The console appender, built when the first event arrives: most one-shot runs log nothing, and logback's
     * pattern layout alone took 20 ms to set up, a twentieth of a command such as explain.
     */
    private static final class FirstEventConsole extends AppenderBase<ILoggingEvent> {
        private ConsoleAppender<ILoggingEvent> console;

        @Override
        protected void append(ILoggingEvent event) {
            // doAppend, which calls this, holds the appender's lock
            if (console == null) {
                console = console(getContext());
            }
            console.doAppend(event);
        }

        @Override
        public void stop() {
            if (console != null) {
                console.stop();
            }
            super.stop();
        }

        private static ConsoleAppender<ILoggingEvent> console(Context context) {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern(PATTERN);
            encoder.start();
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setContext(context);
            // stderr, so that the output of CLI commands (explain -o json) stays parseable whatever the client logs
            console.setTarget("System.err");
            console.setEncoder(encoder);
            console.start();
            return console;
        }
    }

    /** As logback.xml's {@code ${DDS_LOG_LEVEL:-INFO}} reads it: INFO when unset, DEBUG for a name logback does not know. */
    static Level level(String name) {
        return name == null ? Level.INFO : Level.toLevel(name, Level.DEBUG);
    }
}
