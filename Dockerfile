# syntax=docker/dockerfile:1
# Build: docker build -t ghcr.io/daemonset-dev/daemonset-operator:0.1.0 .
# The image runs `java -jar /app/daemonset-operator.jar run`; configure it with DDS_* environment
# variables or extra arguments (see docs/operations.md). It holds the operator and its CLI (the cli
# module's jar) on a distroless Java runtime: no shell, no package manager, no sandbox or benchmark.
#
# Both bases are pinned by digest; to move to a newer one, update the tag and the digest together
# (`crane digest gcr.io/distroless/java17-debian12:nonroot`).

FROM maven:3.9-eclipse-temurin-17@sha256:a8746f15d5bb26b5b8bacb056cc76211553850f4c71d16aff845cfa004cbc197 AS build
WORKDIR /src
# every module's pom (the reactor lists them all), but the sources of only what the image holds
COPY pom.xml .
COPY api/pom.xml api/
COPY crd-generator/pom.xml crd-generator/
COPY core/pom.xml core/
COPY picocli/pom.xml picocli/
COPY cli/pom.xml cli/
COPY sandbox/pom.xml sandbox/
COPY e2e/pom.xml e2e/
COPY api/src api/src
COPY core/src/main core/src/main
COPY cli/src/main cli/src/main
# only what ships: no tests are compiled (CI runs them), no sandbox, no CRD generation
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -pl cli -am -Dmaven.test.skip=true -Dspotless.apply.skip=true package

FROM gcr.io/distroless/java17-debian12:nonroot@sha256:06484c2a9dcc9070aeafbc0fe752cb9f73bc0cea5c311f6a516e9010061998ad
WORKDIR /app
COPY --from=build /src/cli/target/daemonset-operator.jar /app/daemonset-operator.jar
# distroless' nonroot user, a fixed numeric uid, so that the kubelet can verify runAsNonRoot
USER 65532:65532
# metrics, health
EXPOSE 8080 8081
ENTRYPOINT ["java", "-jar", "/app/daemonset-operator.jar", "run"]
