// filled in by the my-order page commit
