"""strideguard.form"""
