package dev.daemonset.operator.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeletePolicyTest {
    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "/api/v1/namespaces/d/pods/p                              | -                                                   | Background",
                "/api/v1/namespaces/d/pods/p?propagationPolicy=Orphan     | -                                                   | Orphan",
                "/api/v1/namespaces/d/pods/p?orphanDependents=true        | -                                                   | Orphan",
                "/api/v1/namespaces/d/pods/p                              | {\"kind\":\"DeleteOptions\",\"propagationPolicy\":\"Orphan\"}     | Orphan",
                "/api/v1/namespaces/d/pods/p                              | {\"propagationPolicy\":\"Foreground\"}                | Foreground",
                "/api/v1/namespaces/d/pods/p                              | {\"orphanDependents\":true}                           | Orphan",
                "/api/v1/namespaces/d/pods/p?propagationPolicy=Background | {\"gracePeriodSeconds\":0}                            | Background"
            })
    void propagationPolicyFromQueryOrBody(String uri, String body, String expected) {
        assertThat(ApiDispatcher.propagationPolicy(RequestInfo.parse(uri), body))
                .isEqualTo(expected);
    }
}
