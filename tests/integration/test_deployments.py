"""prefect.yaml, deployments/serve.py and the compose file describe the same, loadable deployments."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from prefect.client.orchestration import get_client
from prefect.flows import load_flow_from_entrypoint

from deployments.serve import runner_deployments
from deployments.specs import SPECS, WORK_POOL

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def test_prefect_yaml_matches_the_specs_and_loads() -> None:
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    deployments = {d["name"]: d for d in config["deployments"]}
    assert list(deployments) == [s.name for s in SPECS]
    for spec in SPECS:
        d = deployments[spec.name]
        assert d["entrypoint"] == spec.entrypoint and d["parameters"] == spec.parameters
        assert d["work_pool"]["name"] == WORK_POOL
        assert [s["cron"] for s in d.get("schedules", [])] == ([spec.cron] if spec.cron else [])
        flow = load_flow_from_entrypoint(str(ROOT / spec.entrypoint))
        params = dict(d["parameters"], **({"run_dir": "/tmp/x"} if "run_dir" in flow.parameters.required else {}))
        flow.validate_parameters(params)  # raises when the defaults do not fit the typed parameters


def test_compose_file_defines_the_production_stack() -> None:
    compose = yaml.safe_load((ROOT / "deployments" / "compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "prefect-server", "minio", "worker", "deploy"} <= set(services)
    assert "postgresql+asyncpg://" in services["prefect-server"]["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    env = services["worker"]["environment"]
    assert env["FACTORY_STORAGE"] == "s3" and env["FACTORY_S3_ENDPOINT_URL"] == "http://minio:9000"
    assert WORK_POOL in services["worker"]["command"]


@pytest.mark.usefixtures("prefect_api")
def test_served_deployments_register_typed_forms_and_the_batch_schedule() -> None:
    for deployment in runner_deployments():
        deployment.apply()
    with get_client(sync_client=True) as client:
        challenge = client.read_deployment_by_name("challenge/challenge")
        schema = challenge.parameter_openapi_schema
        assert schema["required"] == ["request"]
        form = schema["definitions"]["ChallengeRequest"]["properties"]
        assert {"domain", "rows", "seed", "difficulty", "provider", "approval"} <= set(form)
        assert form["approval"]["enum"] == ["manual", "auto", "threshold"]
        batch = client.read_deployment_by_name("batch/batch")
        assert [s.schedule.cron for s in batch.schedules] == ["0 2 * * 1"]
        for spec in SPECS:
            assert client.read_deployment_by_name(f"{spec.entrypoint.split(':')[1].replace('_', '-')}/{spec.name}")
