"""The reference deployment: templates, their renderer and `make deploy-local`."""
