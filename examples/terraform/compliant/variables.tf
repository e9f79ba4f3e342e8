variable "db_password" {
  description = "Master password of the orders database; supplied by the pipeline."
  type        = string
  sensitive   = true
}
