# syntax=docker/dockerfile:1
# Build: docker build -t daemonset-operator:0.1.0 .
# The image runs `java -jar /app/daemonset-operator.jar run`; configure it with DDS_* environment
# variables or extra arguments (see docs/operations.md).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# dependencies first, so that a source change does not download them again
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2 mvn -B -q dependency:go-offline
COPY crds crds
COPY src src
# tests run in CI; test classes are still compiled because the build regenerates the CRD from them
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# a fixed numeric uid, so that the kubelet can verify runAsNonRoot without reading /etc/passwd
RUN groupadd --system --gid 65532 operator \
 && useradd --system --uid 65532 --gid 65532 --home-dir /app --no-create-home --shell /usr/sbin/nologin operator
WORKDIR /app
COPY --from=build /src/target/daemonset-operator.jar /app/daemonset-operator.jar
USER 65532:65532
# metrics, health
EXPOSE 8080 8081
ENTRYPOINT ["java", "-jar", "/app/daemonset-operator.jar", "run"]
