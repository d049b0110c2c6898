package dev.daemonset.operator.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.TlsVersion;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK's HTTP client for an API server the kubeconfig names with plain http, without a TLS context. fabric8
 * sets one up for every client it builds, and the JDK's client takes the platform's default (the whole trust
 * store) when given none: together some 25 ms of a one-shot command's start, for a context no request uses.
 * Here the client holds a context that was never set up; a request that reached for TLS anyway (a redirect to
 * https) fails, saying why.
 */
final class PlainHttpClientFactory extends JdkHttpClientFactory {
    @Override
    public HttpClient.Builder newBuilder(Config config) {
        HttpClient.Builder builder = new WithoutTls(newBuilder());
        HttpClientUtils.applyCommonConfiguration(config, builder, this);
        return builder;
    }

    @Override
    protected void additionalConfig(java.net.http.HttpClient.Builder builder) {
        builder.sslContext(new NoTls());
    }

    /** fabric8's builder, but for the TLS context it would build from the kubeconfig's keys and trust. */
    private record WithoutTls(HttpClient.Builder builder) implements HttpClient.Builder {
        @Override
        public HttpClient.Builder sslContext(KeyManager[] keyManagers, TrustManager[] trustManagers) {
            return this;
        }

        @Override
        public HttpClient build() {
            return builder.build();
        }

        @Override
        public HttpClient.Builder connectTimeout(long timeout, TimeUnit unit) {
            builder.connectTimeout(timeout, unit);
            return this;
        }

        @Override
        public HttpClient.Builder websocketPingInterval(long interval, TimeUnit unit) {
            builder.websocketPingInterval(interval, unit);
            return this;
        }

        @Override
        public HttpClient.Builder addOrReplaceInterceptor(String name, Interceptor interceptor) {
            builder.addOrReplaceInterceptor(name, interceptor);
            return this;
        }

        @Override
        public HttpClient.Builder authenticatorNone() {
            builder.authenticatorNone();
            return this;
        }

        @Override
        public HttpClient.Builder followAllRedirects() {
            builder.followAllRedirects();
            return this;
        }

        @Override
        public HttpClient.Builder proxyAddress(InetSocketAddress address) {
            builder.proxyAddress(address);
            return this;
        }

        @Override
        public HttpClient.Builder proxyAuthorization(String credentials) {
            builder.proxyAuthorization(credentials);
            return this;
        }

        @Override
        public HttpClient.Builder tlsVersions(TlsVersion... versions) {
            builder.tlsVersions(versions);
            return this;
        }

        @Override
        public HttpClient.Builder tlsServerName(String serverName) {
            builder.tlsServerName(serverName);
            return this;
        }

        @Override
        public HttpClient.Builder preferHttp11() {
            builder.preferHttp11();
            return this;
        }

        @Override
        public HttpClient.Builder proxyType(HttpClient.ProxyType type) {
            builder.proxyType(type);
            return this;
        }

        @Override
        public HttpClient.DerivedClientBuilder tag(Object value) {
            builder.tag(value);
            return this;
        }
    }

    /** A TLS context that was never set up: held by the JDK's client, refused if ever asked for TLS. */
    private static final class NoTls extends SSLContext {
        NoTls() {
            super(new NoTlsSpi(), null, "TLS");
        }
    }

    private static final class NoTlsSpi extends SSLContextSpi {
        @Override
        protected void engineInit(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random) {}

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return new SSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return new SSLParameters();
        }

        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("no TLS: the kubeconfig names this API server with plain http");
        }
    }
}
