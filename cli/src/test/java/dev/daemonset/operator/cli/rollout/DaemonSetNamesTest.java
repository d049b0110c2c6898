package dev.daemonset.operator.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DaemonSetNamesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "agent",
                "daemonset/agent",
                "ds/agent",
                "dds/agent",
                "DaemonSets/agent",
                "daemonset.daemonset.dev/agent",
                "daemonsets.daemonset.dev/agent"
            })
    void acceptsTheNameAloneOrWithTheTypesKubectlUsersType(String argument) {
        assertThat(DaemonSetNames.parse(argument)).isEqualTo("agent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deployment/agent", "statefulset/agent"})
    void refusesOtherKindsAndPointsToKubectl(String argument) {
        assertThatThrownBy(() -> DaemonSetNames.parse(argument))
                .isInstanceOf(CommandFailure.class)
                .hasMessageStartingWith("error: rollout here only manages daemonsets.daemonset.dev")
                .hasMessageEndingWith("use kubectl rollout for built-in kinds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ds/", "ds/a/b"})
    void refusesMalformedNames(String argument) {
        assertThatThrownBy(() -> DaemonSetNames.parse(argument))
                .hasMessageStartingWith("error: invalid DaemonSet name");
    }
}
