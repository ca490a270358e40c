# The action's image. The runner builds it for `uses: org/ecs-deploy-action@<sha or branch>` (action.yml `image:
# Dockerfile`); releases point action.yml at the published image instead, so users pull it (release.yml).
#
# The jar is built here, from source, rather than copied from a `./mvnw package` run beforehand: the runner builds this
# Dockerfile from a plain checkout of the action's repository, where no target/ exists.
#
# Base images are build arguments: the defaults are public images; scripts/build-image passes locally made ones
# (debootstrap), because nothing can be pulled on the machines that build it there.
# No `# syntax=` line: the engine's built-in Dockerfile frontend is enough, and nothing has to be pulled for it.
ARG BUILD_BASE=eclipse-temurin:25-jdk
ARG TOOLS_BASE=debian:bookworm-slim
# glibc and nothing else: the jlinked JVM needs only libc. There is no Docker CLI: the action builds and pushes through
# the Engine API on the socket the runner mounts (image.engine); ECS_DEPLOY_DOCKER can name a CLI outside the image.
ARG RUNTIME_BASE=gcr.io/distroless/base-nossl-debian12

# ---- the shaded jar -------------------------------------------------------------------------------------------------
FROM ${BUILD_BASE} AS jar
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
# Dependencies in their own layer: a source change does not download them again.
RUN ./mvnw -B -q -Dmaven.test.skip=true dependency:go-offline
COPY src/main src/main
# ProGuard's rules (src/build/proguard.pro): `package` shrinks the shaded jar, so the image ships the demo's jar.
COPY src/build src/build
# The JDK classes ProGuard read (target/proguard-jdk, 210 MB) go in the same step: the jre stage starts from this one.
# The image's jar is stored, not deflated: a runner pulls the layer gzipped, and gzip does better on plain class files
# than on deflated entries (10.6 → 7.0 MB gzipped, 12 → 34 MB on disk, measured on the shrunk jar); nothing is inflated
# at start either. The demo's jar (target/) stays compressed.
RUN ./mvnw -B -q -Dmaven.test.skip=true package \
 && mkdir /tmp/jar && cd /tmp/jar && jar --extract --file /src/target/ecs-deploy-action.jar \
 && jar --create --no-compress --file /ecs-deploy-action.jar --manifest META-INF/MANIFEST.MF -C . . \
 && cd / && rm -rf /tmp/jar /src/target/proguard-jdk

# ---- a Java runtime with only the modules the action uses -----------------------------------------------------------
FROM jar AS jre
# What the action loads (jdeps on the shaded jar, less optional code paths it never takes, plus what is only reached
# by reflection): java.xml for the SDK's XML protocols (STS, CloudWatch), jdk.unsupported for sun.misc.Signal
# (cancellation on SIGTERM), java.sql for Jackson's and Gson's date types. (java.naming and java.security.jgss went
# with the Apache HTTP client, the only code that named them: its LDAP host-name parsing and Kerberos auth.)
ARG JAVA_MODULES=java.base,java.xml,java.sql,jdk.unsupported,jdk.crypto.ec
# jdeps names these, but only for code the action never runs in the image: the sandbox and the demo (java.net.http,
# jdk.httpserver: 0.5 MB of the pull; `sandbox` and `demo` say to run the jar instead, and the AOT training runs its
# sandbox on /opt/sandbox-jre, which has them), and java.beans annotations in SDK models and SnakeYAML's bean
# introspection (java.desktop). (Error Prone's annotations, which named java.compiler, are gone with ProGuard; jdk.jfr
# went with Netty, whose HTTP/2 the BuildKit session no longer uses.)
ARG OPTIONAL_MODULES=java.net.http,jdk.httpserver,java.desktop
# A module jdeps finds that is in neither list fails the build: a new dependency must be looked at, not missed.
# --compress=zip-0: the module image stays uncompressed (38 MB, 17 MB with zip-6), because what a runner pulls is
# the gzipped layer, and gzip does better on plain class files than on zip-6 data: 21.2 MB pulled against 25.9 MB
# (measured on this module set). The 21 MB more on disk fit since ProGuard took 19 MB out of the jar (the image
# stays under 200 MB), and no class outside the AOT cache is inflated at start. libjvm's symbol table (5 MB) goes
# too: only crash reports and native profilers read it.
RUN needed=$(jdeps --ignore-missing-deps --multi-release 25 --print-module-deps /ecs-deploy-action.jar) \
 && echo "jdeps: $needed" \
 && for module in $(echo "$needed" | tr ',' ' '); do \
      case ",$JAVA_MODULES,$OPTIONAL_MODULES," in *",$module,"*) ;; \
        *) echo "jdeps says the jar needs $module: add it to JAVA_MODULES (or OPTIONAL_MODULES, saying why)" >&2; exit 1;; \
      esac; \
    done \
 && jlink --add-modules "$JAVA_MODULES" --strip-debug --no-man-pages --no-header-files --compress=zip-0 --output /opt/jre \
 && if command -v strip >/dev/null; then strip --strip-unneeded /opt/jre/lib/server/libjvm.so; fi \
 && /opt/jre/bin/keytool -list -cacerts -storepass changeit | grep -q 'contains [1-9][0-9]* entries' \
 || { echo "the runtime has no trusted CA certificates: HTTPS to AWS and Slack would fail" >&2; exit 1; }
# The training's sandbox runs beside the action, in its own JVM: this one, with the HTTP modules the image leaves out.
RUN jlink --add-modules "$JAVA_MODULES,java.net.http,jdk.httpserver" --no-man-pages --no-header-files --output /opt/sandbox-jre

# ---- the AOT cache (JEP 483/514/515): classes loaded, linked and profiled by a training run --------------------------
# Trained on the action's real work (docker/aot-training.sh: a deploy to a sandbox), where there is a shell to run
# the sandbox beside it and clean up, at the exact paths of the final image; the final stage then refuses to build if
# the JVM cannot use the cache (-XX:AOTMode=on).
FROM ${TOOLS_BASE} AS aot
ENV LANG=C.UTF-8
COPY --from=jre /opt/jre /opt/java
COPY --from=jre /opt/sandbox-jre /opt/sandbox-jre
COPY --from=jar /ecs-deploy-action.jar /opt/ecs-deploy-action/ecs-deploy-action.jar
COPY docker/jvm.args docker/aot-training.sh /opt/ecs-deploy-action/
RUN SANDBOX_JAVA=/opt/sandbox-jre/bin/java /opt/ecs-deploy-action/aot-training.sh /opt/ecs-deploy-action/app.aot \
 && rm /opt/ecs-deploy-action/aot-training.sh && rm -rf /tmp/* && ls -l /opt/ecs-deploy-action

# ---- the action -----------------------------------------------------------------------------------------------------
FROM ${RUNTIME_BASE}
COPY --from=jre /opt/jre /opt/java
COPY --from=aot /opt/ecs-deploy-action /opt/ecs-deploy-action
RUN ["/opt/java/bin/java", "@/opt/ecs-deploy-action/jvm.args", "-XX:AOTCache=/opt/ecs-deploy-action/app.aot", \
     "-XX:AOTMode=on", "-jar", "/opt/ecs-deploy-action/ecs-deploy-action.jar", "help"]
# C.UTF-8: file names and the log beyond ASCII (jvm.args also fixes the log's encoding where a base lacks the locale).
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
LABEL org.opencontainers.image.title="ecs-deploy-action" \
      org.opencontainers.image.description="GitHub Action that builds, pushes and deploys a web app to Amazon ECS"
# No command = `run`: the runner's `docker run` passes only INPUT_* and GITHUB_* environment. The runner works in
# /github/workspace and runs as root (it mounts the Docker socket, which root may use).
WORKDIR /github/workspace
ENTRYPOINT ["/opt/java/bin/java", "@/opt/ecs-deploy-action/jvm.args", "-XX:AOTCache=/opt/ecs-deploy-action/app.aot", \
            "-jar", "/opt/ecs-deploy-action/ecs-deploy-action.jar"]
