package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Each format in a logger context of its own, so the test JVM's logging is left alone. */
class LogFormatTest {
    @Test
    void jsonPutsOneObjectPerLineWithTheDaemonSetKeyAsAField() {
        String out = logOneLine(LogFormat.JSON);
        assertThat(out.lines()).hasSize(1);
        Map<String, Object> line = new ObjectMapper().readValue(out, new TypeReference<Map<String, Object>>() {});
        assertThat(line.get("message")).isEqualTo("plan: 1 creates, 0 deletes");
        assertThat(line.get("level")).isEqualTo("INFO");
        assertThat(line.get("daemonset")).isEqualTo("default/agent");
        assertThat(line.get("logger_name")).isEqualTo("dev.daemonset.operator.controller.DaemonSetReconciler");
        assertThat(line).containsKey("@timestamp");
    }

    @Test
    void textIsOneReadableLineWithTheDaemonSetKey() {
        String out = logOneLine(LogFormat.TEXT);
        assertThat(out.lines())
                .singleElement()
                .asString()
                .contains("INFO", "default/agent - plan: 1 creates, 0 deletes")
                .doesNotContain("{");
    }

    private static String logOneLine(LogFormat format) {
        LoggerContext context = new LoggerContext();
        LogbackMDCAdapter mdc = new LogbackMDCAdapter();
        context.setMDCAdapter(mdc);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            format.configure(context);
            Logger log = context.getLogger("dev.daemonset.operator.controller.DaemonSetReconciler");
            mdc.put("daemonset", "default/agent");
            log.info("plan: {} creates, {} deletes", 1, 0);
            context.stop();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
