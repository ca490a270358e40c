#!/bin/sh
# The AOT cache's training run (Dockerfile, stage `aot`): the action's real work, so the cache holds what a user's
# run loads and links (the SDK clients, HTTP, JSON, render, register, UpdateService, the watcher, outputs, the job
# summary). A rolling deploy of a new revision to the sandbox's service `web` that waits for it, the sandbox running
# beside it in its own JVM (not recorded): the no-wait deploy is the same run up to UpdateService, so one cache serves
# both. `demo` trained only start-up while it stopped before AWS: measured, this run halves the CPU time of a no-op
# deploy compared with a demo-trained cache (README, "The container").
# Not Slack: every archived class is loaded when the JVM starts, and Slack's client (slack-api-client, Gson, OkHttp,
# Kotlin) is a sixth of the cache (56 -> 47 MB without it). Measured on the host, median of 7: a deploy without Slack
# peaks 6-9 MB lower at the same CPU time; a deploy that notifies Slack loads those classes from the jar instead,
# about 250 ms more CPU time.
# Usage: aot-training.sh AOT_CACHE_FILE   (JAVA, JAR, JVM_ARGS: another JVM and jar, as scripts/benchmark-container does;
# SANDBOX_JAVA: the sandbox's JVM, when JAVA's runtime lacks jdk.httpserver, as the image's does)
set -eu
cache=$1
java=${JAVA:-/opt/java/bin/java}
sandbox_java=${SANDBOX_JAVA:-$java}
jar=${JAR:-/opt/ecs-deploy-action/ecs-deploy-action.jar}
jvm_args=${JVM_ARGS:-/opt/ecs-deploy-action/jvm.args}
work=$(mktemp -d)

: >"$work/sandbox.log"  # before the loop reads it: the background redirection may come later
"$sandbox_java" -jar "$jar" sandbox --port 0 --time-scale 0.02 >"$work/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill $sandbox 2>/dev/null; rm -rf "$work"' EXIT
i=0
until endpoint=$(sed -n 's/^AWS_ENDPOINT_URL=//p' "$work/sandbox.log") && [ -n "$endpoint" ]; do
  i=$((i + 1))
  if [ $i -gt 300 ] || ! kill -0 $sandbox 2>/dev/null; then cat "$work/sandbox.log"; exit 1; fi
  sleep 0.1
done

mkdir -p "$work/workspace"
: >"$work/output"; : >"$work/summary"
cd "$work/workspace"
env AWS_ENDPOINT_URL="$endpoint" AWS_ACCESS_KEY_ID=AKIATRAINING00000000 AWS_SECRET_ACCESS_KEY=training \
  AWS_REGION=us-east-1 GITHUB_ACTIONS=true GITHUB_EVENT_NAME=push GITHUB_REPOSITORY=acme/shop GITHUB_RUN_ID=1 \
  GITHUB_SERVER_URL=https://github.com GITHUB_REF_NAME=main GITHUB_SHA=0000000000000000000000000000000000000000 \
  GITHUB_WORKSPACE="$work/workspace" GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" \
  INPUT_CLUSTER=demo INPUT_SERVICE=web INPUT_VERSION=v1.0.0 \
  INPUT_IMAGE=123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0 \
  INPUT_ENVIRONMENT-VARIABLES=AOT_TRAINING=1 INPUT_POLL-INTERVAL=1s INPUT_TIMEOUT=2m \
  "$java" @"$jvm_args" -XX:AOTCacheOutput="$cache" -jar "$jar" >"$work/training.log" 2>&1 \
  || { cat "$work/training.log"; exit 1; }
grep -q '^deployment-status=SUCCESSFUL$' "$work/output" || { cat "$work/training.log" "$work/output"; exit 1; }
tail -3 "$work/training.log"
