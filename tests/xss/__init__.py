"""The XSS suite's data: payloads (`payloads.py`) and their injection into any model (`inject.py`)."""
