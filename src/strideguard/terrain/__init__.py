"""strideguard.terrain"""
