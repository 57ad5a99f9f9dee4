import os

import pytest

from deploy import local


@pytest.fixture(scope="session")
def deploy_local():
    """The stack of `make deploy-local`, started for these tests unless it already runs (then
    its nginx is given the current configuration). Only under `make test-deploy`: it needs
    PostgreSQL, Redis and Debian's nginx, and takes a minute to start the first time."""
    if not os.environ.get("RINDE_DEPLOY_TESTS"):
        pytest.skip("through deploy-local's nginx: run `make test-deploy`")
    started = not local.healthy()
    if started:
        local.start()
    else:
        local.reload_nginx()
    yield local
    if started:
        local.stop()
