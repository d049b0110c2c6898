package dev.daemonset.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.daemonset.operator.controller.LeaderElectionSettings;
import dev.daemonset.operator.controller.OperatorConfig;
import dev.daemonset.operator.deploy.DeployManifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * What the installed operator runs with, as far as this machine can tell without a container runtime:
 * the command line the kubelet would start (the image's ENTRYPOINT from the Dockerfile, the container's
 * command and args from deploy/) and its environment (the container's env, downward API fields
 * resolved as the kubelet resolves them) are fed to the {@code run} command's own picocli parser,
 * in-process. No unknown option, no variable the operator does not read, and the result is what
 * docs/operations.md promises and what the RBAC, probes and Service in deploy/ rely on.
 */
class DeploymentRunOptionsTest {
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Path OPERATIONS = Path.of("docs", "operations.md");
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?}");
    /** Variables read outside picocli's defaults, and by whom. */
    private static final Map<String, String> READ_ELSEWHERE = Map.of(
            "KUBECONFIG", "fabric8's auto-configuration",
            "DDS_NAMESPACE", "RunCommand.watchedNamespace",
            "DDS_LOG_LEVEL", "logback.xml and logback-json.xml",
            "POD_NAME", "PodEnvironment.identity",
            "POD_NAMESPACE", "PodEnvironment.namespace");
    /** Variables for the JVM, not the operator. */
    private static final Set<String> JVM = Set.of("JAVA_TOOL_OPTIONS");

    private static final String POD_NAME = "daemonset-operator-6d5f7b9c4-x2k8p";

    @TempDir
    Path tmp;

    private static final DeployManifests manifests = DeployManifests.load();
    private static final Deployment deployment = manifests.one(Deployment.class);

    /** The process the kubelet would start for the operator container, and the run command it parsed into. */
    private record Started(
            List<String> argv, Map<String, String> env, RunCommand run, CommandLine.ParseResult parsed) {}

    @Test
    void theImageRunsTheJarsRunCommand() {
        assertThat(entrypoint())
                .as("Dockerfile ENTRYPOINT, as docs/operations.md states it")
                .containsExactly("java", "-jar", "/app/daemonset-operator.jar", "run");
        assertThat(docs()).contains("`java -jar /app/daemonset-operator.jar run`");
    }

    @Test
    void theContainerParsesAsARunCommandLineWithNoUnknownOption() {
        Started started = start(deployment);
        assertThat(started.parsed().subcommand().commandSpec().name()).isEqualTo("run");
        assertThat(started.parsed().subcommand().unmatched()).isEmpty();
        started.run().validate();
    }

    @Test
    void everyVariableTheContainerSetsIsOneTheOperatorOrTheJvmReads() {
        assertThat(container(deployment).getEnv())
                .extracting(EnvVar::getName)
                .as("a variable nothing reads is a typo or a leftover")
                .isSubsetOf(readVariables());
    }

    @Test
    void leaderElectionUsesTheLeaseTheRoleGrantsInTheOperatorsNamespace() {
        Started started = start(deployment);
        OperatorConfig config = operatorConfig(started);
        LeaderElectionSettings election = config.leaderElection();
        Role role = manifests.one(Role.class);

        assertThat(election)
                .as("leader election on, as in deploy/ (docs: true in deploy/)")
                .isNotNull();
        assertThat(election.leaseNamespace())
                .as("the Role's namespace: it is the only one with lease permissions")
                .isEqualTo(role.getMetadata().getNamespace())
                .isEqualTo(deployment.getMetadata().getNamespace());
        assertThat(role.getRules())
                .filteredOn(r ->
                        r.getResourceNames() != null && !r.getResourceNames().isEmpty())
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getResources()).containsExactly("leases");
                    assertThat(r.getResourceNames())
                            .as("the Role only allows this lease name")
                            .containsExactly(election.leaseName());
                });
        assertThat(election.identity())
                .as("the pod name, from the downward API")
                .isEqualTo(POD_NAME);
        assertThat(List.of(election.leaseDuration(), election.renewDeadline(), election.retryPeriod()))
                .as("the documented defaults: 15 s, 10 s, 2 s")
                .containsExactly(
                        LeaderElectionSettings.DEFAULT_LEASE_DURATION,
                        LeaderElectionSettings.DEFAULT_RENEW_DEADLINE,
                        LeaderElectionSettings.DEFAULT_RETRY_PERIOD);
        assertThat(deployment.getSpec().getReplicas())
                .as("a leader and a standby")
                .isEqualTo(2);
        assertThat(manifests
                        .one(PodDisruptionBudget.class)
                        .getSpec()
                        .getMaxUnavailable()
                        .getIntVal())
                .isEqualTo(1);
    }

    @Test
    void theOperatorWatchesEveryNamespaceAsItsClusterRoleAllows() {
        OperatorConfig config = operatorConfig(start(deployment));
        assertThat(config.namespace())
                .as("all namespaces: the RBAC is a ClusterRole")
                .isNull();
        assertThat(config.workers()).isEqualTo(OperatorConfig.DEFAULT_WORKERS);
    }

    @Test
    void portsMatchTheContainerPortsTheProbesAndTheMetricsService() {
        RunCommand run = start(deployment).run();
        Container container = container(deployment);
        assertThat(run.metricsPort)
                .as("documented metrics port")
                .isEqualTo(8080)
                .isEqualTo(port(container, "metrics"));
        assertThat(run.healthPort).as("documented health port").isEqualTo(8081).isEqualTo(port(container, "health"));
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("health");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("health");
        Service service = manifests.one(Service.class);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("metrics");
            assertThat(p.getPort()).isEqualTo(run.metricsPort);
        });
        assertThat(service.getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", String.valueOf(run.metricsPort));
    }

    @Test
    void logsAreJsonAsDocumentedForTheDeployment() {
        assertThat(start(deployment).run().logFormat).isEqualTo(LogFormat.JSON);
        assertThat(docs()).contains("| `--log-format text\\|json` | `DDS_LOG_FORMAT` | text (json in `deploy/`) |");
    }

    @Test
    void everyDocumentedVariableIsTheOneItsFlagReads() {
        Map<String, String> byOption = optionVariables();
        Set<String> documented = new TreeSet<>();
        for (String row : docs().lines()
                .filter(l -> l.startsWith("| `-") || l.startsWith("| |"))
                .toList()) {
            String[] cells = row.split("(?<!\\\\)\\|");
            Matcher env = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(cells[2]);
            if (!env.find()) {
                continue;
            }
            String variable = env.group(1);
            documented.add(variable);
            Matcher flag = Pattern.compile("`(-[-a-z\\[\\]]+)").matcher(cells[1]);
            String option = flag.find() ? flag.group(1).replace("[no-]", "") : null;
            if (byOption.containsKey(variable)) {
                assertThat(option)
                        .as("docs: %s sets %s", variable, byOption.get(variable))
                        .isEqualTo(byOption.get(variable));
            } else {
                assertThat(READ_ELSEWHERE)
                        .as("docs: %s is read by the operator", variable)
                        .containsKey(variable);
            }
        }
        assertThat(documented)
                .as("every variable the operator reads is documented")
                .containsAll(byOption.keySet())
                .containsAll(READ_ELSEWHERE.keySet());
    }

    // ---- the checks catch what they are for

    @Test
    void aMisspelledOptionInTheContainerArgsIsCaught() {
        Deployment withArgs = new DeploymentBuilder(deployment)
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .withArgs("--metrics-prot", "9090")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        assertThatThrownBy(() -> start(withArgs))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class)
                .hasMessageContaining("--metrics-prot");
    }

    @Test
    void argsComeAfterTheEntrypointAndAFlagWinsOverItsVariable() {
        Deployment withArgs = new DeploymentBuilder(deployment)
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .withArgs("--log-format=text", "--no-leader-elect")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        Started started = start(withArgs);
        assertThat(started.argv()).endsWith("run", "--log-format=text", "--no-leader-elect");
        assertThat(started.run().logFormat).isEqualTo(LogFormat.TEXT);
        assertThat(started.run().leaderElect).isFalse();
    }

    @Test
    void aMisspelledVariableIsCaught() {
        Deployment typo = new DeploymentBuilder(deployment)
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .addNewEnv()
                .withName("DDS_LEADER_ELECTION")
                .withValue("true")
                .endEnv()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        Set<String> read = readVariables();
        assertThat(container(typo).getEnv())
                .extracting(EnvVar::getName)
                .filteredOn(n -> !read.contains(n))
                .containsExactly("DDS_LEADER_ELECTION");
    }

    // ---- helpers

    private static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> "operator".equals(c.getName()))
                .findFirst()
                .orElseThrow();
    }

    private static int port(Container container, String name) {
        return container.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container port " + name));
    }

    /**
     * Parses the operator container of {@code d} as the kubelet would start it: {@code command} replaces the
     * image's ENTRYPOINT, {@code args} follow it; the program is {@code java -jar JAR}, the rest is Main's command line.
     */
    private Started start(Deployment d) {
        Container container = container(d);
        List<String> argv = new ArrayList<>(
                container.getCommand() == null || container.getCommand().isEmpty()
                        ? entrypoint()
                        : container.getCommand());
        if (container.getArgs() != null) {
            argv.addAll(container.getArgs());
        }
        int jar = argv.indexOf("-jar");
        assertThat(argv.get(0)).isEqualTo("java");
        assertThat(jar).as("java -jar JAR ...").isPositive();
        List<String> cli = argv.subList(jar + 2, argv.size());

        Map<String, String> env = env(d, container);
        RunCommand run = new RunCommand();
        run.installShutdownHook = false;
        run.environment = env::get;
        CommandLine commandLine = Main.commandLine(new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                return cls == RunCommand.class
                        ? (K) run
                        : CommandLine.defaultFactory().create(cls);
            }
        });
        // ${env:NAME:-default} in an option's default is read from the pod's environment, never the test's
        Map<String, String> rawDefaults = rawDefaults();
        commandLine.setDefaultValueProvider(arg -> {
            String raw = arg instanceof OptionSpec option ? rawDefaults.get(option.longestName()) : null;
            Matcher m = raw == null ? null : ENV_DEFAULT.matcher(raw);
            if (m == null || !m.matches()) {
                return null;
            }
            String value = env.get(m.group(1));
            return value != null ? value : m.group(2) != null ? m.group(2) : "";
        });
        CommandLine.ParseResult parsed = commandLine.parseArgs(cli.toArray(String[]::new));
        return new Started(List.copyOf(argv), env, run, parsed);
    }

    private OperatorConfig operatorConfig(Started started) {
        Config config =
                new ConfigBuilder(Config.empty()).withNamespace("default").build();
        try (KubernetesClient offline =
                new KubernetesClientBuilder().withConfig(config).build()) {
            return started.run()
                    .operatorConfig(offline, new PodEnvironment(started.env(), tmp.resolve("no-service-account")));
        }
    }

    /** The container's environment as the kubelet sets it, downward API fields resolved for one pod. */
    private static Map<String, String> env(Deployment d, Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValueFrom() == null) {
                env.put(var.getName(), var.getValue() == null ? "" : var.getValue());
                continue;
            }
            assertThat(var.getValueFrom().getFieldRef())
                    .as("%s: only downward API fields are resolved here", var.getName())
                    .isNotNull();
            String field = var.getValueFrom().getFieldRef().getFieldPath();
            env.put(
                    var.getName(),
                    switch (field) {
                        case "metadata.name" -> POD_NAME;
                        case "metadata.namespace" -> d.getMetadata().getNamespace();
                        default ->
                            throw new AssertionError(
                                    var.getName() + ": field " + field + " is not resolved by this test");
                    });
        }
        return env;
    }

    /** Every variable the operator or the JVM reads. */
    private static Set<String> readVariables() {
        Set<String> read = new TreeSet<>(optionVariables().keySet());
        read.addAll(READ_ELSEWHERE.keySet());
        read.addAll(JVM);
        return read;
    }

    /** Variable name to the long option whose default reads it ({@code ${env:NAME...}}). */
    private static Map<String, String> optionVariables() {
        Map<String, String> out = new LinkedHashMap<>();
        rawDefaults().forEach((option, raw) -> {
            Matcher m = ENV_DEFAULT.matcher(raw);
            if (m.matches()) {
                out.put(m.group(1), option);
            }
        });
        return out;
    }

    /**
     * Long option name to its default as written in the {@code @Option} annotation, before picocli
     * interpolates {@code ${env:...}} from this JVM's environment; for every option of the run command.
     */
    private static Map<String, String> rawDefaults() {
        Map<String, Option> declared = new LinkedHashMap<>();
        for (Class<?> type : List.of(RunCommand.class, RunCommand.NamespaceScope.class, KubeconfigOption.class)) {
            for (Field field : type.getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                if (option != null) {
                    declared.put(
                            Arrays.stream(option.names())
                                    .max(Comparator.comparingInt(String::length))
                                    .orElseThrow(),
                            option);
                }
            }
        }
        CommandLine run = Main.commandLine().getSubcommands().get("run");
        assertThat(run.getCommandSpec().options())
                .filteredOn(o -> !o.usageHelp() && !o.versionHelp())
                .extracting(OptionSpec::longestName)
                .as("the classes above declare every option of run")
                .containsExactlyInAnyOrderElementsOf(declared.keySet());
        Map<String, String> raw = new LinkedHashMap<>();
        declared.forEach((name, option) -> {
            if (!option.defaultValue().equals(Option.NULL_VALUE)) {
                raw.put(name, option.defaultValue());
            }
        });
        return raw;
    }

    /** The last ENTRYPOINT of the Dockerfile, in exec form. */
    private static List<String> entrypoint() {
        String line = read(DOCKERFILE)
                .lines()
                .filter(l -> l.startsWith("ENTRYPOINT "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no ENTRYPOINT in " + DOCKERFILE));
        assertThat(line).as("exec form, so that SIGTERM reaches the JVM").matches("ENTRYPOINT \\[.*]");
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(line);
        while (m.find()) {
            words.add(m.group(1));
        }
        return words;
    }

    private static String docs() {
        return read(OPERATIONS);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
