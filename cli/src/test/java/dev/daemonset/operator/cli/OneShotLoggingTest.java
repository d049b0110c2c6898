package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OneShotLoggingTest {

    @Test
    void aOneShotCommandPrintsTheClientsWarningsToStderrAndNotItsInfo() {
        LoggerContext context = new LoggerContext();
        // as logback's own start-up gives the context it configures
        context.setMDCAdapter(new LogbackMDCAdapter());
        OneShotLogging.enable();
        OneShotLogging logging = new OneShotLogging();
        logging.setContext(context);
        logging.configure(context);

        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            context.getLogger("io.fabric8.kubernetes.client.Config").info("read the kubeconfig");
            context.getLogger("io.fabric8.kubernetes.client.Config").warn("no current context");
            context.getLogger("io.fabric8.kubernetes.client.Config").warn("second warning");
        } finally {
            System.setErr(stderr);
            context.stop();
        }

        String err = captured.toString(StandardCharsets.UTF_8);
        assertThat(err.lines())
                .hasSize(2)
                .allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ WARN  \\[\\S+\\] \\S+ +- .*"));
        assertThat(err).contains("no current context", "second warning").doesNotContain("read the kubeconfig");
    }
}
