"""Output: events and mentions become tables, the store on disk, filtered views and exports."""
