"""strideguard.triage"""
