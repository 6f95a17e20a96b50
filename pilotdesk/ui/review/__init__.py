"""The guided "declare Technical Win" review: its flow, and one screen per step."""
