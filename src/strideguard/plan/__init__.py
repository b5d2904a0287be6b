"""strideguard.plan"""
