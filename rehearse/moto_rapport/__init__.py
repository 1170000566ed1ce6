"""moto server with Rapport's extension: `PYTHONPATH=rehearse python3 -m moto_rapport -H 127.0.0.1 -p PORT`."""
