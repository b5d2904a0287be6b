"""strideguard.report"""
