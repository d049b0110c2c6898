package dev.daemonset.operator.cli.rollout;

import java.net.URI;
import java.net.URISyntaxException;

/** Request paths of the one-shot commands, built from names a user typed. */
final class ApiPaths {
    private ApiPaths() {}

    /**
     * {@code value} as one path segment: what a path cannot hold is percent-encoded, and a "/" too, which would
     * otherwise name another path ("NAME/status" is the status subresource of NAME). A name that is not a valid
     * one so reaches the server as itself, and the server says NotFound.
     */
    static String segment(String value) {
        try {
            return new URI(null, null, value, null).getRawPath().replace("/", "%2F");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid name: " + value, e);
        }
    }
}
