"""The Textual shell: the app, its screens, widgets and the services they use."""
