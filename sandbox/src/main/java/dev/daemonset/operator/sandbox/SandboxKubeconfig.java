package dev.daemonset.operator.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The kubeconfig kubectl uses to reach the sandbox, in one of two ways:
 * <ul>
 *   <li>when the file does not exist (or the sandbox wrote it, on an earlier run), the sandbox writes a
 *       kubeconfig of its own there, with one cluster, user and context named {@value #NAME};
 *   <li>when it exists and is someone else's (e.g. {@code ~/.kube/config}), the sandbox adds a cluster, a
 *       user and a context named {@value #NAME} to it (replacing earlier entries of those names) and makes
 *       that context the current one; {@link #close} takes the three entries out again and gives back the
 *       previous current-context (unless the user switched to another one meanwhile). Every other entry is
 *       kept as it was read. The sandbox context records the previous current-context in its extensions, so
 *       a run after one that was killed before it could clean up still gives the right one back.
 * </ul>
 */
public final class SandboxKubeconfig {
    public static final String NAME = "sandbox";
    /** The first line of a kubeconfig the sandbox wrote (so a later run knows it may overwrite it). */
    static final String MARKER = "# written by the daemonset-operator sandbox; removed or rewritten by it";

    private static final String CURRENT_CONTEXT = "current-context";
    /** Where the sandbox context records the current-context it replaced. */
    static final String PREVIOUS_CONTEXT_EXTENSION = "daemonset.dev/previous-context";
    /** Plain scalars and no document marker, as kubectl writes a kubeconfig. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .build();

    private final Path file;
    private final boolean merged;
    private final String previousContext;

    private SandboxKubeconfig(Path file, boolean merged, String previousContext) {
        this.file = file;
        this.merged = merged;
        this.previousContext = previousContext;
    }

    /** Writes or merges the sandbox's entries for a server at {@code url} into {@code file}. */
    public static SandboxKubeconfig install(Path file, String url) throws IOException {
        Path target = file.toAbsolutePath().normalize();
        if (!Files.exists(target) || writtenBySandbox(Files.readString(target, StandardCharsets.UTF_8))) {
            write(target, MARKER + "\n" + ownConfig(url));
            return new SandboxKubeconfig(target, false, null);
        }
        Map<String, Object> config = parse(Files.readString(target, StandardCharsets.UTF_8));
        Object current = config.get(CURRENT_CONTEXT);
        // a sandbox that could not clean up (killed) left its context current: the one before it is recorded there
        String previous = current instanceof String s && !s.isEmpty() && !s.equals(NAME)
                ? s
                : NAME.equals(current) ? recordedPreviousContext(config) : null;
        removeSandboxEntries(config);
        Map<String, Object> own = parse(ownConfig(url));
        if (previous != null) {
            recordPreviousContext(own, previous);
        }
        for (String section : List.of("clusters", "contexts", "users")) {
            entries(config, section).addAll(entries(own, section));
        }
        config.put(CURRENT_CONTEXT, NAME);
        if (!config.containsKey("apiVersion")) {
            config.put("apiVersion", "v1");
        }
        if (!config.containsKey("kind")) {
            config.put("kind", "Config");
        }
        write(target, YAML.writeValueAsString(config));
        return new SandboxKubeconfig(target, true, previous);
    }

    /** The kubeconfig file. */
    public Path file() {
        return file;
    }

    /** True when the sandbox's entries were added to a kubeconfig that was there before. */
    public boolean merged() {
        return merged;
    }

    /** The current-context before the sandbox's, or null. */
    public String previousContext() {
        return previousContext;
    }

    /**
     * Takes the sandbox's entries out of a merged kubeconfig and gives back the previous current-context;
     * a kubeconfig of the sandbox's own is left (the caller deletes a temporary one).
     */
    public void restore() throws IOException {
        if (!merged || !Files.exists(file)) {
            return;
        }
        Map<String, Object> config = parse(Files.readString(file, StandardCharsets.UTF_8));
        String previous = previousContext != null ? previousContext : recordedPreviousContext(config);
        removeSandboxEntries(config);
        if (NAME.equals(config.get(CURRENT_CONTEXT)) || !config.containsKey(CURRENT_CONTEXT)) {
            if (previous == null) {
                config.remove(CURRENT_CONTEXT);
            } else {
                config.put(CURRENT_CONTEXT, previous);
            }
        }
        write(file, YAML.writeValueAsString(config));
    }

    /**
     * Records the previous current-context in the sandbox context's extensions (kubectl keeps them), so that
     * a later run can give it back even if this one is killed before it cleans up.
     */
    @SuppressWarnings("unchecked")
    private static void recordPreviousContext(Map<String, Object> own, String previous) {
        for (Object entry : entries(own, "contexts")) {
            if (entry instanceof Map<?, ?> named && named.get("context") instanceof Map<?, ?> context) {
                Map<String, Object> extension = new LinkedHashMap<>();
                extension.put("name", PREVIOUS_CONTEXT_EXTENSION);
                extension.put("extension", Map.of("context", previous));
                ((Map<String, Object>) context).put("extensions", List.of(extension));
            }
        }
    }

    private static String recordedPreviousContext(Map<String, Object> config) {
        for (Object entry : entries(config, "contexts")) {
            if (entry instanceof Map<?, ?> named
                    && NAME.equals(named.get("name"))
                    && named.get("context") instanceof Map<?, ?> context
                    && context.get("extensions") instanceof List<?> extensions) {
                for (Object e : extensions) {
                    if (e instanceof Map<?, ?> extension
                            && PREVIOUS_CONTEXT_EXTENSION.equals(extension.get("name"))
                            && extension.get("extension") instanceof Map<?, ?> value
                            && value.get("context") instanceof String previous
                            && !previous.isEmpty()
                            && !previous.equals(NAME)) {
                        return previous;
                    }
                }
            }
        }
        return null;
    }

    static boolean writtenBySandbox(String content) {
        if (content.startsWith(MARKER)) {
            return true;
        }
        // before the marker, the sandbox wrote exactly its own three entries
        try {
            Map<String, Object> config = parse(content);
            for (String section : List.of("clusters", "contexts", "users")) {
                List<Object> list = entries(config, section);
                if (list.size() != 1 || !(list.get(0) instanceof Map<?, ?> entry) || !NAME.equals(entry.get("name"))) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String ownConfig(String url) {
        return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: sandbox
          cluster:
            server: %s
        contexts:
        - name: sandbox
          context:
            cluster: sandbox
            user: sandbox
            namespace: default
        current-context: sandbox
        preferences: {}
        users:
        - name: sandbox
          user: {}
        """.formatted(url);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String yaml) {
        if (yaml.isBlank()) {
            return new LinkedHashMap<>();
        }
        Object parsed = YAML.readValue(yaml, Map.class);
        if (parsed == null) {
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>((Map<String, Object>) parsed);
    }

    /** The named list of {@code config}, made a mutable list in it. */
    @SuppressWarnings("unchecked")
    private static List<Object> entries(Map<String, Object> config, String section) {
        Object value = config.get(section);
        List<Object> list = value instanceof List<?> l ? new ArrayList<>((List<Object>) l) : new ArrayList<>();
        config.put(section, list);
        return list;
    }

    private static void removeSandboxEntries(Map<String, Object> config) {
        for (String section : List.of("clusters", "contexts", "users")) {
            entries(config, section).removeIf(e -> e instanceof Map<?, ?> m && NAME.equals(m.get("name")));
        }
    }

    /** Replaces {@code file} atomically, keeping the permissions of the file it replaces. */
    static void write(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, ".sandbox-", ".kubeconfig.tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            if (Files.exists(file) && Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                Files.setPosixFilePermissions(tmp, permissions);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
