package dev.daemonset.operator.health;

import java.util.Objects;

/** One health check, asked on every probe request; it must be quick and must not block. */
@FunctionalInterface
public interface Probe {
    Answer check();

    /**
     * What the probe answers: when {@code passed}, 200 with "ok" (and what is fine, if {@code text} is not
     * null), else 503 with {@code text} saying what is wrong.
     */
    record Answer(boolean passed, String text) {
        public Answer {
            if (!passed) {
                Objects.requireNonNull(text, "a failing check says why");
            }
        }

        public static Answer ok() {
            return new Answer(true, null);
        }

        /** 200, "ok: {@code detail}". */
        public static Answer ok(String detail) {
            return new Answer(true, detail);
        }

        /** 503, {@code reason}. */
        public static Answer failing(String reason) {
            return new Answer(false, reason);
        }

        /** The response body, without its final newline. */
        public String body() {
            if (!passed) {
                return text;
            }
            return text == null ? "ok" : "ok: " + text;
        }
    }
}
