# The same "orders" service as it often starts out: it works, and it breaks
# rules of every governance pillar. govern plan fails it; see ../compliant.

resource "aws_kms_key" "orders" {
  description             = "orders data key"
  enable_key_rotation     = false
  deletion_window_in_days = 7
}

resource "aws_s3_bucket" "data" {
  bucket = "acme-orders-data"

  tags = {
    Name  = "orders-data"
    Owner = "Jane Doe"
  }
}

# A copy of the data, kept in a region the organisation does not allow.
resource "aws_s3_bucket" "backup" {
  provider = aws.apac
  bucket   = "acme-orders-backup-apse1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.30.0.0/16"
  tags       = { Name = "orders" }
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.30.1.0/24"
  map_public_ip_on_launch = true
}

resource "aws_security_group" "app" {
  name        = "orders-app"
  description = "Orders application"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "rdp" {
  security_group_id = aws_security_group.app.id
  description       = "RDP"
  ip_protocol       = "tcp"
  from_port         = 3389
  to_port           = 3389
  cidr_ipv6         = "::/0"
  tags              = { Name = "orders-rdp" }
}

resource "aws_instance" "app" {
  ami                         = "ami-0f5d1c2b3a4e69870"
  instance_type               = "t2.large"
  subnet_id                   = aws_subnet.public.id
  vpc_security_group_ids      = [aws_security_group.app.id]
  associate_public_ip_address = true
  monitoring                  = false

  root_block_device {
    volume_type = "gp2"
    volume_size = 50
    encrypted   = false
  }
}

resource "aws_db_instance" "orders" {
  identifier              = "orders"
  engine                  = "mysql"
  engine_version          = "5.7"
  instance_class          = "db.t2.medium"
  allocated_storage       = 20
  storage_type            = "gp2"
  storage_encrypted       = false
  db_name                 = "orders"
  username                = "admin"
  password                = var.db_password
  publicly_accessible     = true
  backup_retention_period = 0
  deletion_protection     = false
  skip_final_snapshot     = true
}

resource "aws_dynamodb_table" "orders" {
  name                        = "orders"
  billing_mode                = "PROVISIONED"
  read_capacity               = 5
  write_capacity              = 5
  hash_key                    = "order_id"
  deletion_protection_enabled = false

  attribute {
    name = "order_id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = false
  }
}

resource "aws_iam_role" "orders_events" {
  name = "orders-events"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "orders_events" {
  function_name = "orders-events"
  role          = aws_iam_role.orders_events.arn
  runtime       = "python3.8"
  handler       = "orders_events.handler"
  filename      = "build/orders_events.zip"

  environment {
    variables = {
      TABLE_NAME      = aws_dynamodb_table.orders.name
      PAYMENT_API_KEY = "pk-orders-7f3a9c2e51b84d06"
    }
  }
}

resource "aws_cloudwatch_log_group" "orders_events" {
  name = "/aws/lambda/orders-events"
}

resource "aws_cloudtrail" "orders" {
  name           = "orders"
  s3_bucket_name = aws_s3_bucket.data.id
}

# A long-lived key for the deploy pipeline, with administrator rights.
resource "aws_iam_user" "deploy" {
  name = "orders-deploy"
}

resource "aws_iam_access_key" "deploy" {
  user = aws_iam_user.deploy.name
}

resource "aws_iam_user_policy_attachment" "deploy_admin" {
  user       = aws_iam_user.deploy.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
