"""Sending e-mail (an adapter, like store/ and vcs/): composing MIME and talking SMTP."""
