"""strideguard.web"""
