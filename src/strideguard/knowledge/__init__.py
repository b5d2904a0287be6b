"""strideguard.knowledge"""
