"""The core: content, storage, export and the domain rules, with no Textual.

The CLI and the Textual shell both stand on it; nothing here imports them.
"""
