package dev.daemonset.operator.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * How log lines look: {@code text} for people, {@code json} (one object per line, logstash field
 * names, MDC such as {@code daemonset} as top-level fields) for log pipelines. logback reads
 * logback.xml at startup, before the command line is parsed, so JSON is switched on by reloading
 * the configuration from logback-json.xml.
 */
enum LogFormat {
    TEXT("/logback.xml"),
    JSON("/logback-json.xml");

    private final String resource;

    LogFormat(String resource) {
        this.resource = resource;
    }

    String resource() {
        return resource;
    }

    /** Reconfigures the process's logback; TEXT is what logback loaded at startup, so it is left alone. */
    void apply() {
        if (this == TEXT || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        configure(context);
    }

    void configure(LoggerContext context) {
        URL config =
                Objects.requireNonNull(LogFormat.class.getResource(resource), resource + " is not on the classpath");
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot load " + resource + ": " + e.getMessage(), e);
        }
    }
}
