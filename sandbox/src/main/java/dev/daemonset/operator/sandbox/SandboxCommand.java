package dev.daemonset.operator.sandbox;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sandbox}: an embedded API server, simulated nodes, scheduler, kubelet, node lifecycle and
 * garbage collector, and the operator, usable with kubectl through the kubeconfig it writes.
 */
@Command(
        name = "sandbox",
        mixinStandardHelpOptions = true,
        description = {
            "Start a local simulated cluster (API server, nodes, scheduler, kubelet, garbage collector) "
                    + "with the operator and, as a kind cluster has them, kube-proxy and kindnet as DaemonSets in kube-system, "
                    + "and write a kubeconfig for kubectl. Runs until interrupted."
        })
public final class SandboxCommand implements Callable<Integer> {
    // kept strongly reachable: java.util.logging holds loggers weakly and would forget the level
    private static final java.util.logging.Logger MOCK_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "3", description = "Number of worker nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--port",
            defaultValue = "6443",
            description = "API server port on 127.0.0.1; 0 picks a free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--kubeconfig",
            defaultValue = "./sandbox.kubeconfig",
            description = "Where to write the "
                    + "kubeconfig (default: ${DEFAULT-VALUE}). An existing kubeconfig the sandbox did not write (e.g. ~/.kube/config) "
                    + "is not overwritten: a 'sandbox' cluster, user and context are added to it and made current, and taken out "
                    + "again on exit, when the previous current-context comes back.")
    Path kubeconfig;

    @Option(
            names = "--ready-after",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description =
                    "How long a scheduled pod takes to become Running and Ready, e.g. 1s, 200ms, 2m, PT1S (default: ${DEFAULT-VALUE}).")
    Duration readyAfter;

    @Option(
            names = "--no-operator",
            description = "Start everything but the operator (run it separately with 'run --kubeconfig FILE').")
    boolean noOperator;

    @Option(
            names = "--no-addons",
            description = "Start an empty cluster, without the kube-proxy and kindnet DaemonSets a kind cluster runs.")
    boolean noAddons;

    // scripts outside the project rely on this name
    @Option(
            names = "--skip-validation",
            description = {
                "Store custom resources (DaemonSets) without checking them against the CRD's schema and CEL rules, as an",
                "old cluster or a direct etcd write would, to try the operator's own defence against invalid specs."
            })
    boolean skipValidation;

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value);
        }
    }

    @Override
    public Integer call() throws Exception {
        quietLogging();
        SandboxOptions options = options();
        CountDownLatch stopRequested = new CountDownLatch(1);
        boolean signalsHandled = onTerminationSignals(stopRequested::countDown);
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(options);
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("sandbox: " + e.getMessage());
            return 1;
        }
        if (!signalsHandled) {
            // without signal handlers the JVM exits 143 on SIGTERM; halt(0) after closing keeps the exit status 0
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                sandbox.close();
                                Runtime.getRuntime().halt(0);
                            },
                            "sandbox-shutdown"));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("export KUBECONFIG=" + sandbox.kubeconfig());
        out.flush();
        stopRequested.await();
        LoggerFactory.getLogger(SandboxCommand.class).info("stopping the sandbox");
        sandbox.close();
        return 0;
    }

    /** The options the command line asks for: addons on unless {@code --no-addons}. */
    SandboxOptions options() {
        return new SandboxOptions(nodes, port, kubeconfig, readyAfter, !noOperator)
                .withSkipValidation(skipValidation)
                .withAddons(!noAddons);
    }

    /**
     * Routes SIGINT and SIGTERM to {@code stop} (so the command closes the sandbox and exits 0, instead of
     * the JVM's 130/143). Uses {@code sun.misc.Signal} reflectively (it is internal API, present in every
     * JDK 17+); returns false when it is not available.
     */
    private static boolean onTerminationSignals(Runnable stop) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(
                    SandboxCommand.class.getClassLoader(),
                    new Class<?>[] {handlerClass},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            stop.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "sandbox-signal-handler";
                    });
            for (String name : new String[] {"INT", "TERM"}) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Without a logback configuration everything logs at DEBUG to stdout; keep the sandbox's console
     * readable and stdout for the export line.
     */
    public static void quietLogging() {
        MOCK_LOG.setLevel(Level.WARNING);
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx
                && System.getProperty("logback.configurationFile") == null
                && SandboxCommand.class.getResource("/logback.xml") == null
                && SandboxCommand.class.getResource("/logback-test.xml") == null) {
            ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            root.setLevel(ch.qos.logback.classic.Level.INFO);
            // stdout carries only the export line, so scripts can read it; logs go to stderr
            root.iteratorForAppenders().forEachRemaining(appender -> {
                if (appender instanceof ch.qos.logback.core.ConsoleAppender<?> console) {
                    console.stop();
                    console.setTarget("System.err");
                    console.start();
                }
            });
            for (String noisy : new String[] {"io.fabric8", "io.vertx", "io.netty"}) {
                ctx.getLogger(noisy).setLevel(ch.qos.logback.classic.Level.WARN);
            }
            ctx.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils")
                    .setLevel(ch.qos.logback.classic.Level.ERROR);
            // netty reports listener notifications racing the event loop shutdown on exit; harmless
            ctx.getLogger("io.netty.util.concurrent.DefaultPromise.rejectedExecution")
                    .setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }
}
