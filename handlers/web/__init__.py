"""The web dashboard: a Starlette app (app.py), its pages (routes.py), templates and static assets."""
