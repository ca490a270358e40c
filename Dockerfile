# Builds the action's jar and runs it. The runner builds this image for `uses: org/ecs-deploy-action@v1`.
ARG BUILD_IMAGE=eclipse-temurin:25-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:25-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package

FROM ${RUNTIME_IMAGE}
COPY --from=build /src/target/ecs-deploy-action.jar /opt/ecs-deploy-action/ecs-deploy-action.jar
ENTRYPOINT ["java", "-jar", "/opt/ecs-deploy-action/ecs-deploy-action.jar"]
