package dev.daemonset.operator.bench;

import dev.daemonset.operator.client.OperatorClients;
import dev.daemonset.operator.sandbox.apiserver.ApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, on the API server, the writes of clients built by {@link #client}: each of their requests
 * carries a header naming the client, so the count is exact whatever else writes at the same time
 * (scheduler, kubelet, the benchmark itself). Every write is counted, whatever the answer.
 */
final class TaggedWrites implements ApiServer.RequestListener {
    static final String HEADER = "X-Bench-Client";

    private final String tag;
    private final Map<WriteKind, LongAdder> counts = new EnumMap<>(WriteKind.class);

    private TaggedWrites(String tag) {
        this.tag = tag;
        for (WriteKind k : WriteKind.values()) {
            counts.put(k, new LongAdder());
        }
    }

    static TaggedWrites on(ApiServer server, String tag) {
        TaggedWrites writes = new TaggedWrites(tag);
        server.addRequestListener(writes);
        return writes;
    }

    /** The client the operator ships, for the API server at {@code masterUrl}, whose requests this counter counts. */
    KubernetesClient client(String masterUrl) {
        Interceptor tagging = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                builder.setHeader(HEADER, tag);
            }
        };
        return OperatorClients.client(OperatorClients.forMasterUrl(masterUrl), Map.of("bench-tag", tagging));
    }

    @Override
    public void answered(RecordedRequest request, MockResponse response) {
        if (!tag.equals(request.getHeader(HEADER))) {
            return;
        }
        WriteKind kind = WriteKind.of(request.getMethod(), request.getPath());
        if (kind != null) {
            counts.get(kind).increment();
        }
    }

    WriteCount snapshot() {
        Map<WriteKind, Long> out = new EnumMap<>(WriteKind.class);
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return new WriteCount(out);
    }
}
