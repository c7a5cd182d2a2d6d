"""The Qt side of the app: AppState, the inference worker, the main window and its panels."""
