"""strideguard.store"""
