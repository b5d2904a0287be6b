"""strideguard.load"""
