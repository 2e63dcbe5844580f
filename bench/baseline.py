"""The baseline PushFunction: what the push path needs at minimum, in Python with boto3.

One push event in, one conditional put of the build into the ledger, one ECS RunTask out; the
cold-start figure of `make bench` compares the Java function against this. It reads the same
environment variables as PushFunction (template.yaml) and reaches the emulator through boto3's own
AWS_ENDPOINT_URL setting. Prints one JSON line: the resident memory after the push.
Usage: python3 baseline.py <event.json>
"""
import json
import os
import sys

import boto3

dynamodb = boto3.client("dynamodb")
ecs = boto3.client("ecs")


def handle(event):
    detail = event["detail"]
    repository, commit = detail["repositoryName"], detail["commitId"]
    build_id = f"{repository}:{detail['referenceFullName']}:{commit}"
    try:
        dynamodb.put_item(
            TableName=os.environ["LEDGER_TABLE"],
            Item={"buildId": {"S": build_id}, "repository": {"S": repository}, "status": {"S": "QUEUED"}},
            ConditionExpression="attribute_not_exists(buildId)",
        )
    except dynamodb.exceptions.ConditionalCheckFailedException:
        return "DUPLICATE"
    ecs.run_task(
        cluster=os.environ["CLUSTER"],
        taskDefinition=os.environ["TASK_DEFINITION"],
        launchType="FARGATE",
        count=1,
        startedBy=f"kft/{commit[:12]}/1",
        networkConfiguration={"awsvpcConfiguration": {
            "subnets": os.environ["SUBNETS"].split(","),
            "securityGroups": os.environ["SECURITY_GROUPS"].split(","),
            "assignPublicIp": "DISABLED"}},
        overrides={"containerOverrides": [{
            "name": os.environ.get("KANIKO_CONTAINER_NAME", "kaniko"),
            "command": [f"--context=git://{repository}#{commit}", f"--destination={repository}:{commit[:12]}"]}]},
    )
    return "LAUNCHED"


def resident_kb():
    """VmRSS from /proc: the same figure the Java runner reports."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_ms():
    """User + system CPU time so far, from /proc/self/stat in clock ticks (100 Hz), as the Java runner reads it."""
    with open("/proc/self/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 10


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        outcome = handle(json.load(f))
    print(json.dumps({"outcome": outcome, "rssKb": resident_kb(), "cpuMs": cpu_ms()}))
