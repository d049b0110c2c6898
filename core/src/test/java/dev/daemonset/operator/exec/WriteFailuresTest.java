package dev.daemonset.operator.exec;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Only a refusal (4xx) means a write did not happen; anything else may have been applied. */
class WriteFailuresTest {
    @ParameterizedTest(name = "{0} -> uncertain {1}")
    @CsvSource({
        "0, true", "408, true", "500, true", "502, true", "503, true", "504, true",
        "400, false", "403, false", "404, false", "409, false", "422, false", "429, false"
    })
    void aServerErrorMayHaveBeenAppliedARefusalWasNot(int code, boolean uncertain) {
        assertThat(WriteFailures.isUncertain(new KubernetesClientException("injected", code, null)))
                .isEqualTo(uncertain);
    }
}
