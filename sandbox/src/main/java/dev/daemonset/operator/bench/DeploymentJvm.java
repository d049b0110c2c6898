package dev.daemonset.operator.bench;

import java.util.List;

/**
 * The JVM the shipped Deployment (deploy/02-deployment.yaml) gives the operator, outside a container:
 * there, {@code -XX:MaxRAMPercentage} of the memory limit is the heap; here that is written out as
 * {@code -Xmx}, since this machine's memory is not the limit. A test keeps the two in step.
 */
final class DeploymentJvm {
    static final long MEMORY_LIMIT_MIB = 768;
    static final int MAX_RAM_PERCENTAGE = 70;

    private DeploymentJvm() {}

    static long heapBytes() {
        return MEMORY_LIMIT_MIB * 1024 * 1024 * MAX_RAM_PERCENTAGE / 100;
    }

    static List<String> options() {
        return List.of("-Xmx" + heapBytes() / 1024 + "k", "-XX:+ExitOnOutOfMemoryError");
    }
}
