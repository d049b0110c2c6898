package dev.daemonset.operator.bench;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Every figure of one run, numbers only, in the order they were measured. */
public final class BenchResult {
    private final Map<String, Number> figures = new LinkedHashMap<>();

    void put(String key, Number value) {
        figures.put(key, value);
    }

    void putMillis(String key, Duration d) {
        figures.put(key, round(d.toNanos() / 1e6, 3));
    }

    void putRatio(String key, double value) {
        figures.put(key, round(value, 4));
    }

    public Number get(String key) {
        return figures.get(key);
    }

    public Map<String, Number> figures() {
        return Collections.unmodifiableMap(figures);
    }

    /** The figures with their targets, for people. */
    public String table() {
        return ResultTable.render(this);
    }

    public String toJson() {
        return JsonMapper.builder()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .build()
                        .writeValueAsString(figures) + "\n";
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
