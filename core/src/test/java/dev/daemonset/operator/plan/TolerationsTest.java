package dev.daemonset.operator.plan;

import static dev.daemonset.operator.plan.Fixtures.taint;
import static dev.daemonset.operator.plan.Fixtures.toleration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TolerationsTest {

    static Stream<Arguments> matching() {
        Taint dedicated = taint("dedicated", "user1", "NoSchedule");
        Taint dedicatedNoExecute = taint("dedicated", "user1", "NoExecute");
        Taint noValue = taint("node-role.kubernetes.io/control-plane", null, "NoSchedule");
        return Stream.of(
                argumentSet(
                        "Equal: same key, value and effect",
                        toleration("dedicated", "Equal", "user1", "NoSchedule"),
                        dedicated,
                        true),
                argumentSet(
                        "Equal: value differs",
                        toleration("dedicated", "Equal", "user2", "NoSchedule"),
                        dedicated,
                        false),
                argumentSet(
                        "Equal: empty toleration value vs a taint value",
                        toleration("dedicated", "Equal", null, "NoSchedule"),
                        dedicated,
                        false),
                argumentSet(
                        "Equal: empty value equals empty value",
                        toleration("node-role.kubernetes.io/control-plane", "Equal", "", "NoSchedule"),
                        noValue,
                        true),
                argumentSet(
                        "empty operator means Equal: same value",
                        toleration("dedicated", null, "user1", "NoSchedule"),
                        dedicated,
                        true),
                argumentSet(
                        "empty operator means Equal: value differs",
                        toleration("dedicated", "", "user2", "NoSchedule"),
                        dedicated,
                        false),
                argumentSet(
                        "Exists ignores the value",
                        toleration("dedicated", "Exists", null, "NoSchedule"),
                        dedicated,
                        true),
                argumentSet(
                        "Exists ignores even a wrong value",
                        toleration("dedicated", "Exists", "other", "NoSchedule"),
                        dedicated,
                        true),
                argumentSet("key differs", toleration("dedicated2", "Exists", null, "NoSchedule"), dedicated, false),
                argumentSet(
                        "effect differs",
                        toleration("dedicated", "Equal", "user1", "NoSchedule"),
                        dedicatedNoExecute,
                        false),
                argumentSet(
                        "empty effect matches NoSchedule",
                        toleration("dedicated", "Equal", "user1", null),
                        dedicated,
                        true),
                argumentSet(
                        "empty effect matches NoExecute",
                        toleration("dedicated", "Equal", "user1", ""),
                        dedicatedNoExecute,
                        true),
                argumentSet(
                        "empty effect matches PreferNoSchedule",
                        toleration("dedicated", "Exists", null, null),
                        taint("dedicated", "x", "PreferNoSchedule"),
                        true),
                argumentSet(
                        "empty key with Exists matches any key",
                        toleration(null, "Exists", null, null),
                        dedicated,
                        true),
                argumentSet(
                        "empty key with Exists still checks the effect",
                        toleration("", "Exists", null, "NoExecute"),
                        dedicated,
                        false),
                argumentSet(
                        "empty key with Equal compares only the value (upstream; API validation rejects it)",
                        toleration(null, "Equal", "user1", null),
                        dedicated,
                        true),
                argumentSet(
                        "operators are case-sensitive",
                        toleration("dedicated", "exists", null, "NoSchedule"),
                        dedicated,
                        false),
                argumentSet(
                        "Gt tolerates nothing (alpha gate off upstream)",
                        toleration("dedicated", "Gt", "0", "NoSchedule"),
                        taint("dedicated", "5", "NoSchedule"),
                        false));
    }

    @ParameterizedTest
    @MethodSource("matching")
    void tolerates(Toleration toleration, Taint taint, boolean expected) {
        assertThat(Tolerations.tolerates(toleration, taint)).isEqualTo(expected);
        assertThat(Tolerations.anyTolerates(List.of(toleration), taint)).isEqualTo(expected);
    }

    @Test
    void anyToleratesNeedsOneMatchingToleration() {
        Taint t = taint("dedicated", "user1", "NoSchedule");
        assertThat(Tolerations.anyTolerates(List.of(), t)).isFalse();
        assertThat(Tolerations.anyTolerates(null, t)).isFalse();
        assertThat(Tolerations.anyTolerates(
                        List.of(
                                toleration("a", "Exists", null, null),
                                toleration("dedicated", "Exists", null, "NoSchedule")),
                        t))
                .isTrue();
    }

    @Test
    void effects() {
        assertThat(Tolerations.blocksScheduling(taint("k", null, "NoSchedule"))).isTrue();
        assertThat(Tolerations.blocksScheduling(taint("k", null, "NoExecute"))).isTrue();
        assertThat(Tolerations.blocksScheduling(taint("k", null, "PreferNoSchedule")))
                .isFalse();
        assertThat(Tolerations.evicts(taint("k", null, "NoExecute"))).isTrue();
        assertThat(Tolerations.evicts(taint("k", null, "NoSchedule"))).isFalse();
    }

    @Test
    void describeUsesKubectlNotation() {
        assertThat(Tolerations.describe(taint("example.com/x", "y", "NoExecute")))
                .isEqualTo("example.com/x=y:NoExecute");
        assertThat(Tolerations.describe(taint("node-role.kubernetes.io/control-plane", null, "NoSchedule")))
                .isEqualTo("node-role.kubernetes.io/control-plane:NoSchedule");
    }

    @Test
    void identityIgnoresTolerationSecondsAndTreatsNullAsEmpty() {
        assertThat(Tolerations.sameIdentity(
                        toleration("k", "Exists", null, "NoExecute", 300L), toleration("k", "Exists", "", "NoExecute")))
                .isTrue();
        assertThat(Tolerations.sameIdentity(
                        toleration("k", "Exists", null, "NoExecute"), toleration("k", "Equal", null, "NoExecute")))
                .isFalse();
    }

    @Test
    void copySharesNothing() {
        Toleration original = toleration("k", "Equal", "v", "NoSchedule", 30L);
        Toleration copy = Tolerations.copy(original);
        assertThat(copy).isEqualTo(original).isNotSameAs(original);
        copy.setValue("changed");
        assertThat(original.getValue()).isEqualTo("v");
    }
}
