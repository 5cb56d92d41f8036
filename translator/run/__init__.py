"""The run: plan, translate, settle, deliver, replay, advisories applied and issued; its state and report."""
