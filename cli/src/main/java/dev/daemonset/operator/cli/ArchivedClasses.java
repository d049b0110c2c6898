package dev.daemonset.operator.cli;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The classes of every one-shot command, loaded into the JVM that writes the launcher's class-data archive.
 * bin/kubectl-dds writes the archive on the first run after the jar was built, and a JVM archives only the
 * classes it loaded: whichever command ran first (usually a waiting {@code rollout status}) decided, and the
 * others read some 200 classes each (explain's planner, the Node model) from the jar on every run. Loading,
 * not initialising: nothing of these classes runs.
 */
final class ArchivedClasses {
    /** The system property bin/kubectl-dds sets ({@code true}) on the run that writes the archive. */
    static final String WRITING_PROPERTY = "daemonset-operator.archive.writing";

    private ArchivedClasses() {}

    /** True on the run that writes the archive. */
    static boolean writing() {
        return Boolean.getBoolean(WRITING_PROPERTY);
    }

    /** Loads the classes of {@link #oneShot} from the jar this class was loaded from. */
    static void load() {
        File jarFile;
        try {
            jarFile = new File(ArchivedClasses.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException | SecurityException e) {
            return;
        }
        if (!jarFile.isFile()) {
            return; // classes from a directory (tests): there is no archive to write
        }
        ClassLoader loader = ArchivedClasses.class.getClassLoader();
        try (JarFile jar = new JarFile(jarFile)) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                String entry = entries.nextElement().getName();
                if (oneShot(entry)) {
                    loadWithoutInitialising(entry, loader);
                }
            }
        } catch (IOException e) {
            // the archive then holds what was loaded so far; the commands read the rest from the jar
        }
    }

    private static void loadWithoutInitialising(String entry, ClassLoader loader) {
        try {
            Class.forName(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            // a class whose optional dependency is absent: no command uses it, so no archive needs it
        }
    }

    /**
     * Whether a jar entry is a class a one-shot command may load: the project's own, and the Kubernetes models
     * of the API groups the commands read (core, apps, policy for drain's evictions, and runtime for the
     * RawExtension that holds a revision's data), builders included, as
     * Jackson loads them when it reads a model class's methods.
     */
    static boolean oneShot(String entry) {
        if (!entry.endsWith(".class") || entry.startsWith("META-INF/")) {
            return false;
        }
        if (entry.startsWith("dev/daemonset/operator/")) {
            return true;
        }
        String model = "io/fabric8/kubernetes/api/model/";
        if (!entry.startsWith(model)) {
            return false;
        }
        String rest = entry.substring(model.length());
        return rest.indexOf('/') < 0
                || directlyIn(rest, "apps/")
                || directlyIn(rest, "policy/v1/")
                || directlyIn(rest, "runtime/");
    }

    private static boolean directlyIn(String path, String directory) {
        return path.startsWith(directory) && path.indexOf('/', directory.length()) < 0;
    }
}
